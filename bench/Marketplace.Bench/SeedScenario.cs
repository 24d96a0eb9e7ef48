using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Bench;

/// <summary>
/// The incident scenario over real HTTP: 5 concurrent imports of 100 entries (batch 10) from local sources,
/// 4 workflow executions whose first stage imports 10 entries, and a loop PATCHing catalog entries, all at once. Imports
/// are jobs (202, then polled); the wall time runs from the first POST until the last import job and execution finished.
/// The same work then runs through <see cref="NaiveSeed"/>, the old data path, and on a PostgreSQL server started for the
/// bench; each run prints the three rows, the summary their medians and the ratios.
/// </summary>
internal static class SeedScenario
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<Report> RunAsync(int runs, bool smoke)
    {
        var perImport = smoke ? 20 : 100;
        var report = new Report($"seed (5 concurrent HTTP imports x {perImport} entries, batch 10, 4 workflow executions importing 10 entries each, catalog PATCH loop)");
        // SQLite runs WAL with synchronous=NORMAL: a commit is safe from a process crash, not from a power cut. The
        // PostgreSQL server gets the same promise: fsync on, synchronous_commit off.
        await using var postgres = await Marketplace.Tests.Shared.PostgresServer.StartAsync(new Dictionary<string, string> { ["fsync"] = "on", ["synchronous_commit"] = "off" });
        await RunOnceAsync(perImport, warmUp: true, "tuned"); // JIT and first-query costs stay out of the figures
        await RunOnceAsync(perImport, warmUp: true, "postgres", await PostgresSettingsAsync(postgres));
        for (var run = 1; run <= runs; run++)
        {
            var row = await RunOnceAsync(perImport, warmUp: false, "tuned");
            row["run"] = run;
            report.Rows.Add(row);
            var onPostgres = await RunOnceAsync(perImport, warmUp: false, "postgres", await PostgresSettingsAsync(postgres));
            onPostgres["run"] = run;
            report.Rows.Add(onPostgres);
            var folder = Directory.CreateTempSubdirectory("marketplace-naive-").FullName;
            try
            {
                var naive = await new NaiveSeed(folder).RunAsync(perImport);
                naive["run"] = run;
                report.Rows.Add(naive);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        foreach (var config in new[] { "tuned", "naive", "postgres" })
        {
            var rows = report.Rows.Where(r => (string)r["config"] == config).ToList();
            foreach (var figure in new[] { "wallMs", "lockP99Ms", "patchP99Ms" })
            {
                report.Summary[$"{config} median {figure}"] = Stats.Median([.. rows.Select(r => (double)r[figure])]);
            }

            report.Summary[$"{config} errors (all runs)"] = rows.Sum(r => (int)r["errors"]);
        }

        report.Summary["ratio"] = (double)report.Summary["naive median wallMs"] / (double)report.Summary["tuned median wallMs"];
        report.Summary["ratio is"] = "naive median wall time / tuned median wall time (the naive wall is short when its imports fail early)";
        report.Summary["postgres / tuned wall"] = (double)report.Summary["postgres median wallMs"] / (double)report.Summary["tuned median wallMs"];
        report.Summary["postgres"] = "the tuned service on a local PostgreSQL 15 (fsync on, synchronous_commit off); lock = the write unit's transaction";
        report.Summary["targets (tuned)"] = "0 errors, wall <= 300 ms, lock hold p99 <= 10 ms, PATCH p99 <= 50 ms";
        return report;
    }

    /// <summary>The service's settings for a new database of its own on the bench's server.</summary>
    private static async Task<Dictionary<string, string>> PostgresSettingsAsync(Marketplace.Tests.Shared.PostgresServer server) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = await server.CreateDatabaseAsync(),
    };

    private static async Task<Dictionary<string, object>> RunOnceAsync(int perImport, bool warmUp, string config, Dictionary<string, string>? settings = null)
    {
        await using var host = new BenchHost(settings);
        using var client = host.StartClient();
        var imports = new List<(Guid Source, List<Guid> Ids)>();
        for (var s = 0; s < 5; s++)
        {
            imports.Add(await CreateLocalSourceAsync(client, host.SourcesFolder, $"s{s}", perImport));
        }

        var workflowSources = new List<(Guid Source, List<Guid> Ids)>();
        for (var w = 0; w < 4; w++)
        {
            workflowSources.Add(await CreateLocalSourceAsync(client, host.SourcesFolder, $"wf{w}", 10));
        }

        using var createdWorkflow = await client.PostAsJsonAsync("/api/v1/workflows", new { yaml = ImportWorkflow });
        var workflowId = (await createdWorkflow.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetGuid();

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
        var executions = workflowSources.Select(async w =>
        {
            using var started = await client.PostAsJsonAsync("/api/v1/workflow-executions", new { workflowId, parameters = new { sourceId = w.Source.ToString(), entryIds = w.Ids } });
            return started.IsSuccessStatusCode ? (await started.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetGuid() : Guid.Empty;
        }).ToList();
        var results = await Task.WhenAll(imports.Select(async i =>
        {
            var result = await ImportAsync(client, i.Source, i.Ids);
            if (result is null)
            {
                Interlocked.Increment(ref errors);
            }

            return result;
        }));
        var executionIds = await Task.WhenAll(executions);
        errors += executionIds.Count(id => id == Guid.Empty);
        errors += await WaitForExecutionsAsync(client, [.. executionIds.Where(id => id != Guid.Empty)]);
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

        return Row(config, wall, errors, lockHolds, patchLatencies);
    }

    /// <summary>One run's figures, the same for the tuned and the naive configuration.</summary>
    public static Dictionary<string, object> Row(string config, double wallMs, int errors, IReadOnlyCollection<double> lockHolds, IReadOnlyCollection<double> patchLatencies) => new()
    {
        ["config"] = config,
        ["wallMs"] = wallMs,
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

    private const string ImportWorkflow = """
        workflow: { id: seed-import, name: seed import, version: 1.0.0 }
        config:
          parameters:
            sourceId: { type: string, required: true }
            entryIds: { type: array, required: true }
        stages:
          - { id: import, type: marketplace.import, inputs: { sourceId: "${{ parameters.sourceId }}", entryIds: "${{ parameters.entryIds }}" } }
          - { id: check, type: delay, depends_on: [import], inputs: { duration: 1ms } }
          - { id: done, type: delay, depends_on: [check], inputs: { duration: 1ms } }
        """;

    /// <summary>Waits for the executions to finish; returns how many did not complete.</summary>
    /// <summary>
    /// Posts an import (202 and the job at once) and polls the job it names until it has finished: its final state, or
    /// null when the POST failed, the job did not complete or did not finish within two minutes.
    /// </summary>
    internal static async Task<JsonElement?> ImportAsync(HttpClient client, Guid sourceId, List<Guid> ids)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/marketplace/sources/{sourceId}/import", new { entryIds = ids, conflictStrategy = "skip", batchSize = 10 });
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted || response.Headers.Location is not { } job)
        {
            return null;
        }

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            var now = await client.GetFromJsonAsync<JsonElement>(job, Json);
            var status = now.GetProperty("status").GetString();
            if (status is "completed" or "partial" or "failed" or "cancelled")
            {
                return status == "completed" ? now : null;
            }

            await Task.Delay(20);
        }

        return null;
    }

    private static async Task<int> WaitForExecutionsAsync(HttpClient client, List<Guid> ids)
    {
        var pending = ids.ToHashSet();
        var failed = 0;
        var deadline = Stopwatch.StartNew();
        while (pending.Count > 0 && deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            foreach (var id in pending.ToList())
            {
                var status = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/workflow-executions/{id}", Json)).GetProperty("status").GetString();
                if (status is "completed" or "failed" or "cancelled")
                {
                    pending.Remove(id);
                    failed += status == "completed" ? 0 : 1;
                }
            }

            await Task.Delay(5);
        }

        return failed + pending.Count;
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
        // A scan is a job: wait for it (200 once it has finished), not just for its 202.
        using var scan = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/marketplace/sources/{source}/scan") { Headers = { { "Prefer", "wait=120" } } };
        using var scanned = await client.SendAsync(scan);
        if (scanned.StatusCode != System.Net.HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"the scan of {name} did not finish: {(int)scanned.StatusCode}");
        }

        var catalog = await client.GetFromJsonAsync<JsonElement>($"/api/v1/marketplace/sources/{source}/catalog?limit=500", Json);
        return (source, [.. catalog.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid())]);
    }
}
