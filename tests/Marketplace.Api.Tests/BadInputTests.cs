using System.Net;
using System.Net.Http.Json;
using System.Text;
using Marketplace.Api.Tests.Postgres;
using Marketplace.Data.Model;

namespace Marketplace.Api.Tests;

/// <summary>Bad input on the import-side endpoints, on SQLite.</summary>
public sealed class BadInputTests(BadInputTests.Host host) : BadInputScenarios(host), IClassFixture<BadInputTests.Host>
{
    public sealed class Host() : ApiHost(settings: Settings);
}

/// <summary>Bad input on the import-side endpoints, on PostgreSQL.</summary>
public sealed class BadInputTestsOnPostgres(BadInputTestsOnPostgres.Host host) : BadInputScenarios(host), IClassFixture<BadInputTestsOnPostgres.Host>
{
    public sealed class Host(PostgresFixture postgres) : ApiHost(postgres, Settings);
}

/// <summary>Bad input on every import-side endpoint: a 4xx ProblemDetails, and nothing written; run by a class per provider.</summary>
public abstract class BadInputScenarios(ApiHost host)
{
    private protected static Dictionary<string, string?> Settings => new() { ["Import:MaxEntriesPerRequest"] = "5" };
    private readonly MarketplaceClient _api = new(host.Factory.CreateClient());
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid Source, List<Guid> Ids, Guid Other)> SetUpAsync()
    {
        var source = await _api.RegisterSourceAsync();
        var ids = await _api.UploadAsync(source.Id, Enumerable.Range(0, 3).Select(i => MarketplaceClient.Entry($"commands/bad-{source.Id:N}-{i}.md")));
        var other = await _api.RegisterSourceAsync();
        var otherIds = await _api.UploadAsync(other.Id, [MarketplaceClient.Entry($"commands/other-{other.Id:N}.md")]);
        return (source.Id, ids, otherIds[0]);
    }

    [Fact]
    public async Task Import_EveryKindOfBadRequest_Returns4xxAndWritesNothing()
    {
        var (source, ids, otherEntry) = await SetUpAsync();
        var cases = new (Guid Source, string Json, HttpStatusCode Status, string Mentions)[]
        {
            (Guid.NewGuid(), Body(ids, "skip"), HttpStatusCode.NotFound, "Source"),
            (source, Body([.. ids, Guid.NewGuid()], "skip"), HttpStatusCode.NotFound, "Catalog entry"),
            (source, Body([.. ids, otherEntry], "skip"), HttpStatusCode.BadRequest, otherEntry.ToString()),
            (source, Body([], "skip"), HttpStatusCode.BadRequest, "entryIds"),
            (source, Body([ids[0], ids[1], ids[0]], "skip"), HttpStatusCode.BadRequest, "Duplicate"),
            (source, Body([.. Enumerable.Range(0, 6).Select(_ => Guid.NewGuid())], "skip"), HttpStatusCode.BadRequest, "At most 5"),
            (source, Body(ids, "merge"), HttpStatusCode.BadRequest, "conflictStrategy"),
            (source, Body(ids, null), HttpStatusCode.BadRequest, "conflictStrategy"),
            (source, Body(ids, "skip", 0), HttpStatusCode.BadRequest, "batchSize"),
            (source, Body(ids, "skip", 1001), HttpStatusCode.BadRequest, "batchSize"),
            (source, "{\"entryIds\":", HttpStatusCode.BadRequest, "JSON"),
            (source, "{\"entryIds\":\"abc\",\"conflictStrategy\":\"skip\"}", HttpStatusCode.BadRequest, "entryIds"),
            (source, "{\"entryIds\":[\"not-a-guid\"],\"conflictStrategy\":\"skip\"}", HttpStatusCode.BadRequest, "entryIds"),
            (source, "{\"entryIds\":[],\"conflictStrategy\":\"skip\",\"batchSize\":\"ten\"}", HttpStatusCode.BadRequest, "batchSize"),
        };

        foreach (var (target, json, status, mentions) in cases)
        {
            var response = await _api.Http.PostAsync($"/api/v1/marketplace/sources/{target}/import", new StringContent(json, Encoding.UTF8, "application/json"), Ct);
            var problem = await ProblemAssert.IsProblemAsync(response, status);
            Assert.Contains(mentions, problem.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.All(await _api.CatalogAsync(source), e => Assert.Equal((CatalogEntryStatus.New, (Guid?)null), (e.Status, e.ImportId)));
        Assert.Equal(0, (await _api.Http.GetFromJsonAsync<Contracts.SourceResponse>($"/api/v1/marketplace/sources/{source}", ProblemAssert.JsonOptions, Ct))!.ImportedCount);
    }

    [Fact]
    public async Task Import_ExcludedEntry_Returns400UntilRestored()
    {
        var (source, ids, _) = await SetUpAsync();
        await _api.Http.PatchAsync($"/api/v1/marketplace/sources/{source}/catalog/{ids[0]}", System.Net.Http.Json.JsonContent.Create(new { excluded = true, excludedReason = "license unclear" }), Ct);

        var problem = await ProblemAssert.IsProblemAsync(await _api.PostImportAsync(source, new { entryIds = ids, conflictStrategy = "skip" }), HttpStatusCode.BadRequest);
        Assert.Contains("excluded", problem.ToString(), StringComparison.Ordinal);

        await _api.Http.PatchAsync($"/api/v1/marketplace/sources/{source}/catalog/{ids[0]}", System.Net.Http.Json.JsonContent.Create(new { excluded = false }), Ct);
        Assert.Equal(3, (await _api.ImportAsync(source, ids)).Imported);
    }

    [Fact]
    public async Task CatalogUpload_BadEntries_Returns400NamingIndexAndWritesNothing()
    {
        var source = await _api.RegisterSourceAsync();
        var cases = new (string Json, string Mentions)[]
        {
            ("{\"entries\":[]}", "entries"),
            ("{}", "entries"),
            ("{\"entries\":[" + string.Join(',', Enumerable.Range(0, 6).Select(i => $"{{\"path\":\"c/{i}.md\",\"name\":\"n{i}\",\"artifactType\":\"command\"}}")) + "]}", "At most 5"),
            ("{\"entries\":[{\"path\":\"../escape.md\",\"name\":\"x\",\"artifactType\":\"command\"}]}", "entries[0]"),
            ("{\"entries\":[{\"path\":\"/abs.md\",\"name\":\"x\",\"artifactType\":\"command\"}]}", "entries[0]"),
            ("{\"entries\":[{\"path\":\"a.md\",\"name\":\"x\",\"artifactType\":\"command\"},{\"path\":\"a.md\",\"name\":\"y\",\"artifactType\":\"command\"}]}", "more than once"),
            ("{\"entries\":[{\"path\":\"a.md\",\"artifactType\":\"command\"}]}", "name"),
            ("{\"entries\":[{\"path\":\"a.md\",\"name\":\"x\"}]}", "artifactType"),
            ("{\"entries\":[{\"path\":\"a.md\",\"name\":\"x\",\"artifactType\":\"widget\"}]}", "artifactType"),
            ("{\"entries\":[{\"path\":\"a.md\",\"name\":\"x\",\"artifactType\":\"command\",\"confidence\":101}]}", "confidence"),
            ("{\"entries\":[{\"path\":\"a.md\",\"name\":\"" + new string('n', 201) + "\",\"artifactType\":\"command\"}]}", "name"),
            ("{\"entries\":{\"path\":\"a.md\"}}", "JSON"),
        };

        foreach (var (json, mentions) in cases)
        {
            var response = await _api.Http.PutAsync($"/api/v1/marketplace/sources/{source.Id}/catalog", new StringContent(json, Encoding.UTF8, "application/json"), Ct);
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.Contains(mentions, problem.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Empty(await _api.CatalogAsync(source.Id));
        await ProblemAssert.IsProblemAsync(await _api.Http.PutAsync($"/api/v1/marketplace/sources/{Guid.NewGuid()}/catalog",
            new StringContent("{\"entries\":[{\"path\":\"a.md\",\"name\":\"x\",\"artifactType\":\"command\"}]}", Encoding.UTF8, "application/json"), Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CatalogPatchListScanAndReads_BadInput_Returns4xx()
    {
        var (source, ids, otherEntry) = await SetUpAsync();
        var catalog = $"/api/v1/marketplace/sources/{source}/catalog";
        async Task Patch(Guid entry, string json, HttpStatusCode status) => await ProblemAssert.IsProblemAsync(
            await _api.Http.PatchAsync($"{catalog}/{entry}", new StringContent(json, Encoding.UTF8, "application/json"), Ct), status);

        await Patch(Guid.NewGuid(), "{\"description\":\"x\"}", HttpStatusCode.NotFound);
        await Patch(otherEntry, "{\"description\":\"x\"}", HttpStatusCode.NotFound); // an entry of another source is not found here
        await Patch(ids[0], "{}", HttpStatusCode.BadRequest);
        await Patch(ids[0], "{\"excluded\":\"yes\"}", HttpStatusCode.BadRequest);
        await Patch(ids[0], "{\"excludedReason\":\"why\"}", HttpStatusCode.BadRequest);
        await Patch(ids[0], "{\"description\":\"" + new string('d', 2001) + "\"}", HttpStatusCode.BadRequest);
        Assert.All(await _api.CatalogAsync(source), e => Assert.Equal((CatalogEntryStatus.New, (string?)null), (e.Status, e.Description)));

        foreach (var (url, status) in new[]
        {
            ($"{catalog}?status=bogus", HttpStatusCode.BadRequest),
            ($"{catalog}?type=widget", HttpStatusCode.BadRequest),
            ($"{catalog}?limit=0", HttpStatusCode.BadRequest),
            ($"/api/v1/marketplace/sources/{Guid.NewGuid()}/catalog", HttpStatusCode.NotFound),
            ($"/api/v1/imports/{Guid.NewGuid()}", HttpStatusCode.NotFound),
            ($"/api/v1/collections/{Guid.NewGuid()}/artifacts", HttpStatusCode.NotFound),
            ($"/api/v1/collections/{Collection.DefaultId}/artifacts?skip=-1", HttpStatusCode.BadRequest),
            ("/api/v1/artifacts/command:does-not-exist", HttpStatusCode.NotFound),
        })
        {
            await ProblemAssert.IsProblemAsync(await _api.Http.GetAsync(url, Ct), status);
        }

        await _api.FailedScanAsync(source); // no local path, and its remote cannot be fetched: the scan job fails
        await ProblemAssert.IsProblemAsync(await _api.Http.PostAsync($"/api/v1/marketplace/sources/{Guid.NewGuid()}/scan", null, Ct), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await _api.Http.PostAsync($"/api/v1/imports/{Guid.NewGuid()}/resume", null, Ct), HttpStatusCode.NotFound);
        var finished = await _api.ImportAsync(source, ids);
        await ProblemAssert.IsProblemAsync(await _api.Http.PostAsync($"/api/v1/imports/{finished.Id}/resume", null, Ct), HttpStatusCode.Conflict);
    }

    private static string Body(IEnumerable<Guid> ids, string? strategy, int? batchSize = null) =>
        System.Text.Json.JsonSerializer.Serialize(new { entryIds = ids, conflictStrategy = strategy, batchSize });
}
