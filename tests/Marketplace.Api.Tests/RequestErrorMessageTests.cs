using System.Net;
using System.Text;
using System.Text.Json;

namespace Marketplace.Api.Tests;

/// <summary>A body or parameter the framework cannot read is described in the API's terms: field paths, wire names, no .NET types.</summary>
public sealed class RequestErrorMessageTests : IClassFixture<RequestErrorMessageTests.Host>
{
    private readonly HttpClient _client;

    public RequestErrorMessageTests(Host host) => _client = host.Factory.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("[]", "body", "Expected an object.")]
    [InlineData("""{"entries":{"path":"a.md"}}""", "entries", "Expected an array.")]
    [InlineData("""{"entries":[{"path":"a.md","name":"x","artifactType":"widget"}]}""", "entries[0].artifactType", "Expected one of: skill, command, agent, hook, mcp_server, plugin.")]
    [InlineData("""{"entries":[{"path":"a.md","name":"x","artifactType":"skill","confidence":"90"}]}""", "entries[0].confidence", "Expected a whole number.")]
    [InlineData("""{"entries":[{"path":"a.md","colour":"red"}]}""", "entries[0].colour", "'colour' is not a field of this request.")]
    public async Task CatalogUpload_UnreadableBody_NamesTheFieldAndWhatItExpects(string json, string field, string message)
    {
        var source = await SourceAsync();

        var problem = await ProblemAsync(await _client.PutAsync($"/api/v1/marketplace/sources/{source}/catalog", Json(json), Ct));

        Assert.Equal([message], problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("Marketplace.", problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("CatalogUploadRequest", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parameters_ThatDoNotBind_AreNamedAsTheClientSendsThem()
    {
        var id = Guid.NewGuid();
        using var events = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/workflow-executions/{id}/events") { Headers = { { "Last-Event-ID", "yesterday" } } };

        var limit = await ProblemAsync(await _client.GetAsync("/api/v1/marketplace/sources?limit=abc", Ct));
        var lastEventId = await ProblemAsync(await _client.SendAsync(events, Ct));
        var range = await ProblemAsync(await _client.GetAsync("/api/v1/workflows?skip=-1&limit=501", Ct));
        var missing = await ProblemAsync(await _client.PostAsync("/api/v1/workflows", new StringContent("", Encoding.UTF8, "application/json"), Ct));

        Assert.Equal("'abc' is not a whole number.", limit.GetProperty("errors").GetProperty("limit")[0].GetString());
        Assert.Equal("'yesterday' is not a whole number.", lastEventId.GetProperty("errors").GetProperty("Last-Event-ID")[0].GetString());
        Assert.Equal(["limit", "skip"], range.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.True(missing.GetProperty("errors").TryGetProperty("body", out _), missing.ToString());
        Assert.All([limit, lastEventId, range, missing], p => Assert.DoesNotContain("Nullable", p.ToString(), StringComparison.Ordinal));
    }

    private async Task<string> SourceAsync()
    {
        var response = await _client.PostJsonAsync("/api/v1/marketplace/sources", new { repoUrl = $"https://example.test/{Guid.NewGuid():N}" });
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!;
    }

    private static Task<JsonElement> ProblemAsync(HttpResponseMessage response) => ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>One host for the class; its tests write only their own sources.</summary>
    public sealed class Host : ApiHost;
}
