using System.Net;
using System.Net.Http.Json;
using Marketplace.Api.Contracts;
using Marketplace.Catalog.Importing;

namespace Marketplace.Api.Tests;

/// <summary>Typed calls to the API for tests; each asserts the status it expects.</summary>
internal sealed class MarketplaceClient(HttpClient http)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public HttpClient Http => http;

    /// <summary>The namespace of every source <see cref="RegisterSourceAsync"/> registers: their artifacts collide as one
    /// marketplace's would (<c>command:x@tests</c>).</summary>
    public const string Namespace = "tests";

    public async Task<SourceResponse> RegisterSourceAsync(string? localPath = null) =>
        await ProblemAssert.IsJsonAsync<SourceResponse>(
            await http.PostJsonAsync("/api/v1/marketplace/sources", new { repoUrl = $"https://example.test/{Guid.NewGuid():N}", localPath,
                name = Namespace }), HttpStatusCode.Created);

    /// <summary>Registers a git source (fetched on scan) by URL, with an optional ref.</summary>
    public async Task<SourceResponse> RegisterGitSourceAsync(string repoUrl, string? gitRef = null, string? name = null) =>
        await ProblemAssert.IsJsonAsync<SourceResponse>(
            await http.PostJsonAsync("/api/v1/marketplace/sources", new { repoUrl, @ref = gitRef, name }), HttpStatusCode.Created);

    /// <summary>Scans a source; the scan must succeed.</summary>
    public async Task<Catalog.Entries.CatalogUpsertResult> ScanAsync(Guid sourceId) =>
        await ProblemAssert.IsJsonAsync<Catalog.Entries.CatalogUpsertResult>(
            await http.PostAsync($"/api/v1/marketplace/sources/{sourceId}/scan", null, Ct), HttpStatusCode.OK);

    public async Task<SourceResponse> SourceAsync(Guid sourceId) =>
        await ProblemAssert.IsJsonAsync<SourceResponse>(await http.GetAsync($"/api/v1/marketplace/sources/{sourceId}", Ct), HttpStatusCode.OK);

    /// <summary>Imports a selection (<c>{ all = true }</c>, <c>{ plugin = "x" }</c>, …).</summary>
    public async Task<ImportResult> ImportSelectionAsync(Guid sourceId, object selection, string strategy = "skip") =>
        await ProblemAssert.IsJsonAsync<ImportResult>(await PostImportAsync(sourceId, new { selection, conflictStrategy = strategy }), HttpStatusCode.OK);

    /// <summary>Uploads entries (command type unless a type is given) and returns their ids in upload order.</summary>
    public async Task<List<Guid>> UploadAsync(Guid sourceId, IEnumerable<object> entries)
    {
        var response = await http.PutAsJsonAsync($"/api/v1/marketplace/sources/{sourceId}/catalog", new { entries }, ProblemAssert.JsonOptions, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var catalog = await CatalogAsync(sourceId);
        var byPath = catalog.ToDictionary(e => e.Path, e => e.Id);
        return [.. entries.Select(e => byPath[(string)e.GetType().GetProperty("path")!.GetValue(e)!])];
    }

    /// <summary><paramref name="count"/> sources, source <c>s</c> with the entries <paramref name="entries"/>(s) uploaded; ids in upload order.</summary>
    public async Task<List<(Guid Source, List<Guid> Ids)>> RegisterSourcesAsync(int count, Func<int, IEnumerable<object>> entries)
    {
        var sources = new List<(Guid Source, List<Guid> Ids)>();
        for (var s = 0; s < count; s++)
        {
            var source = await RegisterSourceAsync();
            sources.Add((source.Id, await UploadAsync(source.Id, entries(s))));
        }

        return sources;
    }

    /// <summary>Every entry, page by page.</summary>
    public async Task<List<CatalogEntryResponse>> CatalogAsync(Guid sourceId, string query = "")
    {
        var all = new List<CatalogEntryResponse>();
        while (true)
        {
            var page = await ProblemAssert.IsJsonAsync<PagedResponse<CatalogEntryResponse>>(
                await http.GetAsync($"/api/v1/marketplace/sources/{sourceId}/catalog?limit=500&skip={all.Count}{query}", Ct), HttpStatusCode.OK);
            all.AddRange(page.Items);
            if (all.Count >= page.Total || page.Items.Count == 0)
            {
                return all;
            }
        }
    }

    public Task<HttpResponseMessage> PostImportAsync(Guid sourceId, object body) =>
        http.PostJsonAsync($"/api/v1/marketplace/sources/{sourceId}/import", body);

    public async Task<ImportResult> ImportAsync(Guid sourceId, IEnumerable<Guid> entryIds, string strategy = "skip", int? batchSize = null) =>
        await ProblemAssert.IsJsonAsync<ImportResult>(await PostImportAsync(sourceId, new { entryIds, conflictStrategy = strategy, batchSize }), HttpStatusCode.OK);

    public async Task<Catalog.Collections.ArtifactDetail?> ArtifactAsync(string key)
    {
        var response = await http.GetAsync($"/api/v1/artifacts/{Uri.EscapeDataString(key)}", Ct);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ProblemAssert.IsJsonAsync<Catalog.Collections.ArtifactDetail>(response, HttpStatusCode.OK);
    }

    public static object Entry(string path, string? name = null, string type = "command", string? description = null, IReadOnlyList<string>? tags = null) =>
        new { path, name = name ?? Path.GetFileNameWithoutExtension(path), artifactType = type, description, tags };
}
