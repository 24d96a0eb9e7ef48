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

    /// <summary>Scans a source (a job, waited for); the scan must succeed.</summary>
    public async Task<Catalog.Entries.CatalogUpsertResult> ScanAsync(Guid sourceId)
    {
        var scan = await ScanJobAsync(sourceId);
        Assert.True(scan.Status == "completed", $"the scan {scan.Status}: {scan.Error}");
        return scan.Result!;
    }

    public async Task<SourceResponse> SourceAsync(Guid sourceId) =>
        await ProblemAssert.IsJsonAsync<SourceResponse>(await http.GetAsync($"/api/v1/marketplace/sources/{sourceId}", Ct), HttpStatusCode.OK);

    /// <summary>Imports a selection (<c>{ all = true }</c>, <c>{ plugin = "x" }</c>, …).</summary>
    public async Task<ImportResult> ImportSelectionAsync(Guid sourceId, object selection, string strategy = "skip") =>
        await FinishedAsync<ImportResult>(await PostImportAsync(sourceId, new { selection, conflictStrategy = strategy }, "wait=30"), r => r.IsFinished);

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

    public Task<HttpResponseMessage> PostImportAsync(Guid sourceId, object body, string? prefer = null) =>
        PostAsync($"/api/v1/marketplace/sources/{sourceId}/import", body, prefer);

    /// <summary>Starts an import (202, <c>Location</c> naming it) and returns its state as the answer gave it.</summary>
    public async Task<ImportResult> StartImportAsync(Guid sourceId, IEnumerable<Guid> entryIds, string strategy = "skip", int? batchSize = null)
    {
        var response = await PostImportAsync(sourceId, new { entryIds, conflictStrategy = strategy, batchSize });
        var started = await ProblemAssert.IsJsonAsync<ImportResult>(response, HttpStatusCode.Accepted);
        Assert.Equal($"/api/v1/imports/{started.Id}", response.Headers.Location?.OriginalString);
        return started;
    }

    /// <summary>
    /// An import to its end, as a client does it: <c>Prefer: wait</c> first (200 with the result when it finishes in time),
    /// then polling the job it names (a slow machine may need longer; tests never depend on the wait).
    /// </summary>
    public async Task<ImportResult> ImportAsync(Guid sourceId, IEnumerable<Guid> entryIds, string strategy = "skip", int? batchSize = null) =>
        await FinishedAsync<ImportResult>(await PostImportAsync(sourceId, new { entryIds, conflictStrategy = strategy, batchSize }, "wait=30"),
            r => r.IsFinished);

    /// <summary>The import once finished, polling <c>GET /imports/{id}</c>.</summary>
    public Task<ImportResult> WaitForImportAsync(Guid importId, Func<ImportResult, bool>? until = null) =>
        PollAsync($"/api/v1/imports/{importId}", until ?? (r => r.IsFinished));

    /// <summary>A scan to its end (<c>Prefer: wait</c>, then polling); the scan's job with its result.</summary>
    /// <summary>A scan whose job must fail (a fetch or a read refused): the reason the job gives.</summary>
    public async Task<string> FailedScanAsync(Guid sourceId)
    {
        var scan = await ScanJobAsync(sourceId);
        Assert.True(scan.Status == "failed", $"the scan {scan.Status}, not failed");
        return scan.Error!;
    }

    public async Task<Catalog.Scanning.ScanJobInfo> ScanJobAsync(Guid sourceId) =>
        await FinishedAsync<Catalog.Scanning.ScanJobInfo>(await PostAsync($"/api/v1/marketplace/sources/{sourceId}/scan", new { }, "wait=30"),
            s => s.IsFinished);

    /// <summary>A 200 (finished within the wait) or a 202 whose <c>Location</c> is polled until <paramref name="finished"/>.</summary>
    public async Task<T> FinishedAsync<T>(HttpResponseMessage response, Func<T, bool> finished)
    {
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var done = await ProblemAssert.IsJsonAsync<T>(response, HttpStatusCode.OK);
            Assert.True(finished(done), "a 200 answers a finished job");
            return done;
        }

        await ProblemAssert.IsJsonAsync<T>(response, HttpStatusCode.Accepted);
        return await PollAsync(response.Headers.Location!.OriginalString, finished);
    }

    /// <summary>Reads <paramref name="url"/> until <paramref name="until"/> holds (at most 3 minutes: a hung job fails the test).</summary>
    public async Task<T> PollAsync<T>(string url, Func<T, bool> until)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var now = await ProblemAssert.IsJsonAsync<T>(await http.GetAsync(url, Ct), HttpStatusCode.OK);
            if (until(now))
            {
                return now;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{url} did not get there; last: {System.Text.Json.JsonSerializer.Serialize(now)}");
            await Task.Delay(25, Ct);
        }
    }

    public async Task<HttpResponseMessage> PostAsync(string url, object body, string? prefer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: ProblemAssert.JsonOptions) };
        if (prefer is not null)
        {
            request.Headers.TryAddWithoutValidation("Prefer", prefer);
        }

        return await http.SendAsync(request, Ct);
    }

    public async Task<Catalog.Collections.ArtifactDetail?> ArtifactAsync(string key)
    {
        var response = await http.GetAsync($"/api/v1/artifacts/{Uri.EscapeDataString(key)}", Ct);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ProblemAssert.IsJsonAsync<Catalog.Collections.ArtifactDetail>(response, HttpStatusCode.OK);
    }

    public static object Entry(string path, string? name = null, string type = "command", string? description = null, IReadOnlyList<string>? tags = null) =>
        new { path, name = name ?? Path.GetFileNameWithoutExtension(path), artifactType = type, description, tags };
}
