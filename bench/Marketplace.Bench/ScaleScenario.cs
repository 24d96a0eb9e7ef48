using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Catalog.Entries;
using Marketplace.Catalog.Importing;
using Marketplace.Catalog.Sources;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Bench;

/// <summary>
/// Issue 18: one API host whose catalog (one source) and default collection grow to each size in turn through the write
/// units (<see cref="ScaleData"/>); at each size, over real HTTP, one request at a time: catalog pages filtered by status
/// and by type, the first page and one of the last ten (by offset, and by cursor), PATCH of sampled entries,
/// <c>GET /artifacts/{key}</c> of spread keys; the lock hold of a 500-entry import in batches of 10; a scan of a generated
/// repository; the file's size. The page target is for first pages and cursor pages (offset pages are O(skip) by design).
/// </summary>
internal static class ScaleScenario
{
    private const int Limit = 50;
    private static readonly int[] Sizes = [10_000, 100_000, 1_000_000];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<Report> RunAsync(bool smoke, int? maxRows)
    {
        int[] sizes = smoke ? [500, 2_000] : [.. Sizes.Where(s => s <= (maxRows ?? int.MaxValue))];
        var (samples, scanFiles, importEntries) = smoke ? (5, 500, 20) : (100, 50_000, 500);
        var report = new Report($"scale (one source's catalog and the default collection at {string.Join(", ", sizes)} rows; "
            + $"p99 of {samples} sequential requests each; scan of a {scanFiles}-file repository)");
        await using var host = new BenchHost();
        using var client = host.StartClient();
        var source = await host.Services.GetRequiredService<SourceService>().RegisterAsync(
            new SourceRegistration("https://bench.test/scale", "scale", null, null, null), CancellationToken.None);
        var data = new ScaleData(host.Services.GetRequiredService<IWriteUnitRunner>(), source.Id, source.Namespace);
        var (repo, repoEntries) = await ScaleRepository.WriteAsync(host.SourcesFolder, scanFiles);
        var catalogUrl = $"/api/v1/marketplace/sources/{source.Id}/catalog";
        foreach (var size in sizes)
        {
            var clock = Stopwatch.StartNew();
            await data.GrowToAsync(size, CancellationToken.None);
            var row = new Dictionary<string, object> { ["rows"] = size, ["growSec"] = clock.Elapsed.TotalSeconds };
            var (newCount, skillCount) = (Count(size, i => ScaleData.StatusOf(i) == CatalogEntryStatus.New),
                Count(size, i => ScaleData.TypeOf(i) == ArtifactType.Skill));
            var (byStatus, byType) = ($"{catalogUrl}?status=new&limit={Limit}", $"{catalogUrl}?type=skill&limit={Limit}");
            row["statusFirstP99Ms"] = await P99Async(client, samples, n => $"{byStatus}&skip={n % 3 * Limit}");
            row["statusDeepP99Ms"] = await P99Async(client, samples, n => $"{byStatus}&skip={Deep(newCount, n)}");
            row["typeFirstP99Ms"] = await P99Async(client, samples, n => $"{byType}&skip={n % 3 * Limit}");
            row["typeDeepP99Ms"] = await P99Async(client, samples, n => $"{byType}&skip={Deep(skillCount, n)}");
            foreach (var (filter, matches, column) in new[]
                { ("status=new", newCount, "statusCursorDeepP99Ms"), ("type=skill", skillCount, "typeCursorDeepP99Ms") })
            {
                var cursors = await DeepCursorsAsync(client, $"{catalogUrl}?{filter}", matches);
                row[column] = await P99Async(client, samples,
                    n => $"{catalogUrl}?{filter}&limit={Limit}&after={Uri.EscapeDataString(cursors[n % 10])}");
            }

            row["patchP99Ms"] = await P99Async(samples, n => client.PatchAsJsonAsync(
                $"{catalogUrl}/{data.EntrySample[n * 7919 % data.EntrySample.Count]}", new { description = $"edit {size}.{n}" }));
            row["artifactP99Ms"] = await P99Async(client, samples,
                n => $"/api/v1/artifacts/{Uri.EscapeDataString(data.KeyOf(n * 104_729 % size))}");
            var locks = await ImportLockHoldsAsync(host, size, importEntries);
            (row["lockP50Ms"], row["lockP99Ms"]) = (Stats.Median(locks), Stats.Percentile(locks, 99));
            (row["scanMs"], row["scanEntries"]) = await ScanAsync(client, repo, size, repoEntries);
            row["dbMB"] = (Length(host.DatabaseFile) + Length(host.DatabaseFile + "-wal")) / 1e6;
            report.Rows.Add(row);
        }

        Summarize(report);
        return report;
    }

    private static void Summarize(Report report)
    {
        var (first, last) = (report.Rows[0], report.Rows[^1]);
        double Ratio(string figure) => (double)last[figure] / (double)first[figure];
        var pages = new[] { "statusFirstP99Ms", "typeFirstP99Ms", "statusCursorDeepP99Ms", "typeCursorDeepP99Ms" };
        var worstPage = pages.Max(p => (double)last[p]);
        var (lockRatio, patchRatio) = (Ratio("lockP99Ms"), Ratio("patchP99Ms"));
        report.Summary[$"lock hold p99 ratio ({last["rows"]} / {first["rows"]} rows)"] = lockRatio;
        report.Summary[$"PATCH p99 ratio ({last["rows"]} / {first["rows"]} rows)"] = patchRatio;
        report.Summary[$"worst catalog page p99 at {last["rows"]} rows, first pages and cursor pages (ms)"] = worstPage;
        report.Summary["targets"] = $"lock hold p99 within 1.5x: {Met(lockRatio <= 1.5)}; PATCH p99 within 1.5x: {Met(patchRatio <= 1.5)}; "
            + $"catalog page p99 <= 20 ms at the largest size: {Met(worstPage <= 20)}";
        var figures = first.Keys.Where(k => k.EndsWith("Ms", StringComparison.Ordinal) || k == "dbMB");
        report.Summary["grew more than 1.5x"] = string.Join(", ", figures
            .Where(k => Ratio(k) > 1.5).Select(k => $"{k} {Ratio(k):F1}x")) is { Length: > 0 } grew ? grew : "nothing";
    }

    private static string Met(bool met) => met ? "met" : "not met";

    /// <summary>One of the last ten pages of <paramref name="matches"/> rows.</summary>
    private static int Deep(int matches, int n) => Math.Max(0, matches - (Limit * (1 + (n % 10))));

    /// <summary>The cursors (<c>after</c>) of the pages <see cref="Deep"/> names: each the path of the entry just before.</summary>
    private static async Task<List<string>> DeepCursorsAsync(HttpClient client, string url, int matches)
    {
        var cursors = new List<string>();
        for (var n = 0; n < 10; n++)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"{url}&limit=1&skip={Math.Max(0, Deep(matches, n) - 1)}", Json);
            cursors.Add(page.GetProperty("items")[0].GetProperty("path").GetString()!);
        }

        return cursors;
    }

    private static int Count(int size, Func<int, bool> match) => Enumerable.Range(0, size).Count(match);

    private static long Length(string file) => File.Exists(file) ? new FileInfo(file).Length : 0;

    private static Task<double> P99Async(HttpClient client, int samples, Func<int, string> url) =>
        P99Async(samples, n => client.GetAsync(new Uri(url(n), UriKind.Relative)));

    /// <summary>p99 of <paramref name="samples"/> requests one at a time, after three unmeasured ones; a failure stops the bench.</summary>
    private static async Task<double> P99Async(int samples, Func<int, Task<HttpResponseMessage>> send)
    {
        var latencies = new List<double>();
        for (var n = -3; n < samples; n++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await send(n + 3);
            await response.Content.LoadIntoBufferAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} "
                    + await response.Content.ReadAsStringAsync());
            }

            if (n >= 0)
            {
                latencies.Add(elapsed);
            }
        }

        return Stats.Percentile(latencies, 99);
    }

    /// <summary>Lock hold of each batch of an import of <paramref name="entries"/> new entries of a source of their own.</summary>
    private static async Task<List<double>> ImportLockHoldsAsync(BenchHost host, int size, int entries)
    {
        var source = await host.Services.GetRequiredService<SourceService>().RegisterAsync(
            new SourceRegistration($"https://bench.test/scale-import-{size}", $"import-{size}", null, null, null), CancellationToken.None);
        var catalog = host.Services.GetRequiredService<CatalogService>();
        await catalog.UpsertAsync(source.Id, [.. Enumerable.Range(0, entries).Select(i => new CatalogItem(ArtifactType.Command,
            $"imp{size}-{i:D4}", $"commands/imp{size}-{i:D4}.md", $"Command {i}.", "1.0.0", ["bench"]))], CancellationToken.None);
        var (items, _) = await catalog.ListAsync(source.Id, new CatalogQuery(null, null, 0, entries), CancellationToken.None);
        var imports = host.Services.GetRequiredService<ImportService>();
        var job = await imports.StartAsync(source.Id, new ImportRequest([.. items.Select(e => e.Id)], "skip", 10), CancellationToken.None);
        var result = await imports.WaitAsync(job.Id, Timeout.InfiniteTimeSpan, CancellationToken.None);
        return result.Imported == entries ? [.. result.Batches.Select(b => b.LockHoldMs)]
            : throw new InvalidOperationException($"the scale import imported {result.Imported} of {entries}");
    }

    private static async Task<(double Ms, int Entries)> ScanAsync(HttpClient client, string repo, int size, int expected)
    {
        using var registered = await client.PostAsJsonAsync("/api/v1/marketplace/sources",
            new { repoUrl = $"https://bench.test/scale-repo-{size}", localPath = repo });
        var source = (await registered.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetGuid();
        var started = Stopwatch.GetTimestamp();
        using var scan = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/marketplace/sources/{source}/scan")
        {
            Headers = { { "Prefer", "wait=120" } },
        };
        using var scanned = await client.SendAsync(scan);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (scanned.StatusCode != System.Net.HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"the scale scan did not finish within the wait: {(int)scanned.StatusCode}");
        }

        var job = await scanned.Content.ReadFromJsonAsync<JsonElement>(Json);
        var total = job.GetProperty("result").GetProperty("total").GetInt32();
        return total == expected ? (elapsed, total) : throw new InvalidOperationException($"the scan found {total} of {expected} entries");
    }
}
