using System.Net;
using System.Text;
using Bogus;
using Marketplace.Api.Contracts;
using Marketplace.Api.Tests.Postgres;

namespace Marketplace.Api.Tests;

/// <summary>Source endpoints on SQLite.</summary>
public sealed class SourceEndpointsTests(SourceEndpointsTests.Host host) : SourceEndpointsScenarios(host), IClassFixture<SourceEndpointsTests.Host>
{
    public sealed class Host() : ApiHost;
}

/// <summary>Source endpoints on PostgreSQL.</summary>
public sealed class SourceEndpointsTestsOnPostgres(SourceEndpointsTestsOnPostgres.Host host) : SourceEndpointsScenarios(host), IClassFixture<SourceEndpointsTestsOnPostgres.Host>
{
    public sealed class Host(PostgresFixture postgres) : ApiHost(postgres);
}

/// <summary>Registering, reading, listing and deleting sources through one shared host; run by a class per provider.</summary>
public abstract class SourceEndpointsScenarios(ApiHost host)
{
    private const string Sources = "/api/v1/marketplace/sources";
    private static readonly Faker Fake = new() { Random = new Randomizer(4242) };
    private readonly HttpClient _client = host.Factory.CreateClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewRepoUrl() => $"https://github.com/{Fake.Internet.UserName().ToLowerInvariant()}/{Fake.Lorem.Word()}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Register_Get_List_Delete_RoundTrip()
    {
        var repoUrl = NewRepoUrl();
        var created = await _client.PostJsonAsync(Sources, new { repoUrl = repoUrl + ".git", name = "Agents", trustLevel = "verified" });
        var source = await ProblemAssert.IsJsonAsync<SourceResponse>(created, HttpStatusCode.Created);
        Assert.Equal(repoUrl, source.RepoUrl); // ".git" dropped: one repository, one URL
        Assert.Equal(("Agents", (string?)null, Data.Model.TrustLevel.Verified, Data.Model.ScanStatus.NotScanned), (source.Name, source.Ref, source.TrustLevel, source.ScanStatus));
        Assert.EndsWith($"{Sources}/{source.Id}", created.Headers.Location!.ToString(), StringComparison.Ordinal);

        var fetched = await ProblemAssert.IsJsonAsync<SourceResponse>(await _client.GetAsync(created.Headers.Location, Ct), HttpStatusCode.OK);
        Assert.Equal(source, fetched);

        var page = await ProblemAssert.IsJsonAsync<PagedResponse<SourceResponse>>(await _client.GetAsync($"{Sources}?limit=500", Ct), HttpStatusCode.OK);
        Assert.Contains(page.Items, s => s.Id == source.Id);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"{Sources}/{source.Id}", Ct)).StatusCode);
        await ProblemAssert.IsProblemAsync(await _client.GetAsync($"{Sources}/{source.Id}", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_WithSkipAndLimit_ReturnsThatPage()
    {
        for (var i = 0; i < 3; i++)
        {
            await ProblemAssert.IsJsonAsync<SourceResponse>(await _client.PostJsonAsync(Sources, new { repoUrl = NewRepoUrl() }), HttpStatusCode.Created);
        }

        var page = await ProblemAssert.IsJsonAsync<PagedResponse<SourceResponse>>(await _client.GetAsync($"{Sources}?skip=1&limit=2", Ct), HttpStatusCode.OK);

        Assert.Equal((1, 2, 2), (page.Skip, page.Limit, page.Items.Count));
        Assert.True(page.Total >= 3);
    }

    [Fact]
    public async Task Register_SameRepositoryTwice_Returns409()
    {
        var repoUrl = NewRepoUrl();
        await ProblemAssert.IsJsonAsync<SourceResponse>(await _client.PostJsonAsync(Sources, new { repoUrl }), HttpStatusCode.Created);

        var problem = await ProblemAssert.IsProblemAsync(await _client.PostJsonAsync(Sources, new { repoUrl = repoUrl.Replace("https://github.com", "HTTPS://GitHub.com", StringComparison.Ordinal) + "/" }), HttpStatusCode.Conflict);
        Assert.Contains("already registered", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_ConcurrentDuplicates_ExactlyOneWins()
    {
        var repoUrl = NewRepoUrl();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _client.PostJsonAsync(Sources, new { repoUrl })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Theory]
    [InlineData("""{"repoUrl":"not a url"}""", "repoUrl")]
    [InlineData("""{"repoUrl":"ftp://example.com/x"}""", "repoUrl")]
    [InlineData("""{"name":"no url"}""", "repoUrl")]
    [InlineData("""{"repoUrl":"https://example.com/a","ref":"has space"}""", "ref")]
    [InlineData("""{"repoUrl":"https://example.com/a","localPath":"/etc"}""", "localPath")]
    [InlineData("""{"repoUrl":"https://example.com/a","localPath":"does-not-exist"}""", "localPath")]
    public async Task Register_InvalidField_Returns400NamingFieldAndWritesNothing(string json, string field)
    {
        var before = await CountAsync();
        var response = await _client.PostAsync(Sources, new StringContent(json, Encoding.UTF8, "application/json"), Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await CountAsync());
    }

    [Theory]
    [InlineData("{\"repoUrl\":")]
    [InlineData("{\"repoUrl\":5}")]
    [InlineData("{\"repoUrl\":\"https://example.com/a\",\"trustLevel\":\"godlike\"}")]
    [InlineData("{\"repoUrl\":\"https://example.com/a\",\"unknownField\":1}")]
    [InlineData("[]")]
    public async Task Register_MalformedOrMistypedJson_Returns400(string json)
    {
        var before = await CountAsync();
        var response = await _client.PostAsync(Sources, new StringContent(json, Encoding.UTF8, "application/json"), Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Register_LocalPathEscapingThroughDotDotOrSymlink_Returns400()
    {
        var inside = Directory.CreateDirectory(Path.Combine(host.Factory.SourcesFolder, "repo-" + Guid.NewGuid().ToString("N"))).FullName;
        var outside = Directory.CreateTempSubdirectory("outside-").FullName;
        var link = Path.Combine(host.Factory.SourcesFolder, "link-" + Guid.NewGuid().ToString("N"));
        Directory.CreateSymbolicLink(link, outside);
        try
        {
            var ok = await _client.PostJsonAsync(Sources, new { repoUrl = NewRepoUrl(), localPath = inside });
            Assert.Equal(inside, (await ProblemAssert.IsJsonAsync<SourceResponse>(ok, HttpStatusCode.Created)).LocalPath);

            foreach (var escape in new[] { Path.Combine(inside, "..", "..", Path.GetFileName(outside)), link })
            {
                var problem = await ProblemAssert.IsProblemAsync(await _client.PostJsonAsync(Sources, new { repoUrl = NewRepoUrl(), localPath = escape }), HttpStatusCode.BadRequest);
                Assert.True(problem.GetProperty("errors").TryGetProperty("localPath", out _));
            }
        }
        finally
        {
            Directory.Delete(link);
            Directory.Delete(outside);
        }
    }

    [Theory]
    [InlineData("?skip=-1")]
    [InlineData("?limit=0")]
    [InlineData("?limit=501")]
    [InlineData("?limit=abc")]
    public async Task List_OutOfRangePaging_Returns400(string query) =>
        await ProblemAssert.IsProblemAsync(await _client.GetAsync(Sources + query, Ct), HttpStatusCode.BadRequest);

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task UnknownId_Returns404ProblemDetails(string method)
    {
        var id = Guid.NewGuid();
        var problem = await ProblemAssert.IsProblemAsync(await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{Sources}/{id}"), Ct), HttpStatusCode.NotFound);
        Assert.Contains(id.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NonGuidId_Returns404ProblemDetails() =>
        await ProblemAssert.IsProblemAsync(await _client.GetAsync($"{Sources}/not-a-guid", Ct), HttpStatusCode.NotFound);

    private async Task<int> CountAsync() =>
        (await ProblemAssert.IsJsonAsync<PagedResponse<SourceResponse>>(await _client.GetAsync($"{Sources}?limit=1", Ct), HttpStatusCode.OK)).Total;
}
