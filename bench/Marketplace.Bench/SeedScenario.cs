using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Bench;

/// <summary>
/// The incident scenario over real HTTP: 5 concurrent imports of 100 entries (batch 10) from local sources
/// while a loop PATCHes catalog entries. (Workflow executions join when the engine lands.)
/// </summary>
internal static class SeedScenario
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<Report> RunAsync(int runs, bool smoke)
    {
        var perImport = smoke ? 20 : 100;
        var report = new Report($"seed (5 concurrent HTTP imports x {perImport} entries, batch 10, with catalog PATCH loop; tuned SQLite)");
        await RunOnceAsync(perImport, warmUp: true); // JIT and first-query costs stay out of the figures
        for (var run = 1; run <= runs; run++)
        {
            var row = await RunOnceAsync(perImport, warmUp: false);
            row["run"] = run;
            report.Rows.Add(row);
        }

        foreach (var figure in new[] { "wallMs", "lockP50Ms", "lockP99Ms", "lockMaxMs", "patchP50Ms", "patchP99Ms", "patchMaxMs" })
        {
            report.Summary[$"median {figure}"] = Stats.Median([.. report.Rows.Select(r => (double)r[figure])]);
        }

        report.Summary["errors (all runs)"] = report.Rows.Sum(r => (int)r["errors"]);
        return report;
    }

    private static async Task<Dictionary<string, object>> RunOnceAsync(int perImport, bool warmUp)
    {
        await using var host = new BenchHost();
        using var client = host.StartClient();
        var imports = new List<(Guid Source, List<Guid> Ids)>();
        for (var s = 0; s < 5; s++)
        {
            imports.Add(await CreateLocalSourceAsync(client, host.SourcesFolder, $"s{s}", perImport));
        }

        var (editSource, editIds) = await CreateLocalSourceAsync(client, host.SourcesFolder, "edits", 20);
        var errors = 0;
        var patchLatencies = new List<double>();
        using var stop = new CancellationTokenSource();
        var patches = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PatchAsJsonAsync($"/api/v1/marketplace/sources/{editSource}/catalog/{editIds[n % editIds.Count]}", new { description = $"edit {n}" });
                patchLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        });

        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(imports.Select(async i =>
        {
            using var response = await client.PostAsJsonAsync($"/api/v1/marketplace/sources/{i.Source}/import", new { entryIds = i.Ids, conflictStrategy = "skip", batchSize = 10 });
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref errors);
                return (JsonElement?)null;
            }

            return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        }));
        var wall = clock.Elapsed.TotalMilliseconds;
        await stop.CancelAsync();
        await patches;

        var lockHolds = results.Where(r => r.HasValue).Select(r => r!.Value)
            .SelectMany(r => r.GetProperty("batches").EnumerateArray().Select(b => b.GetProperty("lockHoldMs").GetDouble()))
            .ToList();
        errors += results.Where(r => r.HasValue).Select(r => r!.Value).Sum(r => r.GetProperty("failed").GetInt32());
        if (warmUp)
        {
            return [];
        }

        return new Dictionary<string, object>
        {
            ["wallMs"] = wall,
            ["errors"] = errors,
            ["batches"] = lockHolds.Count,
            ["lockP50Ms"] = Stats.Percentile(lockHolds, 50),
            ["lockP99Ms"] = Stats.Percentile(lockHolds, 99),
            ["lockMaxMs"] = lockHolds.Count == 0 ? 0 : lockHolds.Max(),
            ["patches"] = patchLatencies.Count,
            ["patchP50Ms"] = Stats.Percentile(patchLatencies, 50),
            ["patchP99Ms"] = Stats.Percentile(patchLatencies, 99),
            ["patchMaxMs"] = patchLatencies.Count == 0 ? 0 : patchLatencies.Max(),
        };
    }

    /// <summary>A local source of <paramref name="count"/> command files, registered and scanned.</summary>
    internal static async Task<(Guid Source, List<Guid> Ids)> CreateLocalSourceAsync(HttpClient client, string sourcesFolder, string name, int count)
    {
        var root = Directory.CreateDirectory(Path.Combine(sourcesFolder, name, "commands")).Parent!.FullName;
        for (var i = 0; i < count; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(root, "commands", $"{name}-{i:D4}.md"),
                $"---\nname: {name}-{i:D4}\ndescription: Command {i} of {name}.\ntags: [bench, {name}]\n---\nDo step {i}.\n");
        }

        using var registered = await client.PostAsJsonAsync("/api/v1/marketplace/sources", new { repoUrl = $"https://bench.test/{name}", localPath = root });
        var source = (await registered.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetGuid();
        (await client.PostAsync($"/api/v1/marketplace/sources/{source}/scan", null)).EnsureSuccessStatusCode();
        var catalog = await client.GetFromJsonAsync<JsonElement>($"/api/v1/marketplace/sources/{source}/catalog?limit=500", Json);
        return (source, [.. catalog.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid())]);
    }
}
