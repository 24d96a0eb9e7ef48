using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Bench;

/// <summary>
/// One run of <see cref="SeedWork"/> against one or more API processes on one database: sources are made through the
/// first, and the imports, executions and PATCH requests are spread over all of them in turn. Imports are jobs (202, then
/// polled until finished); the wall time runs from the first POST until the last import job and execution finished.
/// </summary>
internal static class SeedRun
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Runs the work; <paramref name="prefix"/> names its sources apart from earlier runs on the same database.</summary>
    public static async Task<Dictionary<string, object>> RunAsync(string config, SeedWork work, IReadOnlyList<HttpClient> clients, string sourcesFolder, string prefix = "")
    {
        var setup = clients[0];
        var imports = new List<(Guid Source, List<Guid> Ids)>();
        for (var s = 0; s < work.Imports; s++)
        {
            imports.Add(await CreateLocalSourceAsync(setup, sourcesFolder, $"{prefix}s{s}", work.PerImport));
        }

        var workflowSources = new List<(Guid Source, List<Guid> Ids)>();
        for (var w = 0; w < work.Workflows; w++)
        {
            workflowSources.Add(await CreateLocalSourceAsync(setup, sourcesFolder, $"{prefix}wf{w}", 10));
        }

        using var createdWorkflow = await setup.PostAsJsonAsync("/api/v1/workflows", new { yaml = ImportWorkflow.Replace("seed-import", $"{prefix}seed-import", StringComparison.Ordinal) });
        var workflowId = (await createdWorkflow.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetGuid();
        var (editSource, editIds) = await CreateLocalSourceAsync(setup, sourcesFolder, $"{prefix}edits", Math.Max(20, work.PatchLoops));

        var errors = 0;
        var (patchLatencies, importLatencies, lockHolds) = (new List<double>(), new List<double>(), new List<double>());
        using var stop = new CancellationTokenSource();
        var patches = Enumerable.Range(0, work.PatchLoops).Select(loop => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var client = clients[(loop + n) % clients.Count];
                var started = Stopwatch.GetTimestamp();
                var entry = editIds[(loop + n * work.PatchLoops) % editIds.Count];
                using var response = await client.PatchAsJsonAsync($"/api/v1/marketplace/sources/{editSource}/catalog/{entry}", new { description = $"edit {loop}.{n}" });
                Add(patchLatencies, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToList();

        var clock = Stopwatch.StartNew();
        var deadline = work.Duration is { } duration ? clock.Elapsed + duration : TimeSpan.Zero;
        var executions = workflowSources.Select(async (w, i) =>
        {
            using var started = await clients[i % clients.Count].PostAsJsonAsync("/api/v1/workflow-executions", new { workflowId, parameters = new { sourceId = w.Source.ToString(), entryIds = w.Ids } });
            return started.IsSuccessStatusCode ? (await started.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetGuid() : Guid.Empty;
        }).ToList();
        await Task.WhenAll(imports.Select(async (import, i) =>
        {
            var strategy = "skip";
            do
            {
                // An import is a job (202): its latency runs from the POST until the job has finished.
                var started = Stopwatch.GetTimestamp();
                var finished = await ImportAsync(clients[i % clients.Count], import.Source, import.Ids, strategy);
                Add(importLatencies, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (finished is not { } result)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }

                Interlocked.Add(ref errors, result.GetProperty("failed").GetInt32());
                foreach (var batch in result.GetProperty("batches").EnumerateArray())
                {
                    Add(lockHolds, batch.GetProperty("lockHoldMs").GetDouble());
                }

                strategy = "overwrite"; // a loop writes every entry again each round
            }
            while (clock.Elapsed < deadline);
        }));
        var executionIds = await Task.WhenAll(executions);
        errors += executionIds.Count(id => id == Guid.Empty);
        errors += await WaitForExecutionsAsync(setup, [.. executionIds.Where(id => id != Guid.Empty)]);
        var wall = clock.Elapsed.TotalMilliseconds;
        await stop.CancelAsync();
        await Task.WhenAll(patches);

        var row = SeedScenario.Row(config, wall, errors, lockHolds, patchLatencies);
        row["processes"] = clients.Count;
        row["importP99Ms"] = Stats.Percentile(importLatencies, 99);
        return row;
    }

    private static void Add(List<double> values, double value)
    {
        lock (values)
        {
            values.Add(value);
        }
    }

    private const string ImportWorkflow = """
        workflow: { id: seed-import, name: seed-import, version: 1.0.0 }
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

    /// <summary>
    /// Posts an import (202 and the job at once) and polls the job it names until it has finished: its final state, or
    /// null when the POST failed, the job did not complete or did not finish within two minutes.
    /// </summary>
    internal static async Task<JsonElement?> ImportAsync(HttpClient client, Guid sourceId, List<Guid> ids, string strategy = "skip")
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/marketplace/sources/{sourceId}/import",
            new { entryIds = ids, conflictStrategy = strategy, batchSize = 10 });
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

    /// <summary>A local source of <paramref name="count"/> command files, registered and scanned (the scan job awaited).</summary>
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
