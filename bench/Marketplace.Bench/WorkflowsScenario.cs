using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Bench;

/// <summary>
/// DESIGN §10 workflows: 1 000 executions of a 3-stage workflow (a → b → c, each a 1 ms delay) started over HTTP and
/// run by the API host's runner with 4 concurrent executions; then step-transition latency while 5 HTTP imports of 100
/// entries run beside 40 executions. Transition latency is the runner's own histogram (gate wait, lock and commit).
/// </summary>
internal static class WorkflowsScenario
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string ThreeStages = """
        workflow: { id: bench, name: bench, version: 1.0.0 }
        stages:
          - { id: a, type: delay, inputs: { duration: 1ms } }
          - { id: b, type: delay, depends_on: [a], inputs: { duration: 1ms } }
          - { id: c, type: delay, depends_on: [b], inputs: { duration: 1ms } }
        """;

    public static async Task<Report> RunAsync(int runs, bool smoke)
    {
        var executions = smoke ? 50 : 1000;
        var report = new Report($"workflows ({executions} executions of a 3-stage workflow, 4 concurrent; then transitions beside 5 imports x {(smoke ? 20 : 100)})");
        await RunOnceAsync(smoke ? 20 : 100, smoke, warmUp: true);
        for (var run = 1; run <= runs; run++)
        {
            var row = await RunOnceAsync(executions, smoke, warmUp: false);
            row["run"] = run;
            report.Rows.Add(row);
        }

        foreach (var figure in new[] { "wallMs", "executionsPerSec", "transitionP99Ms", "underImportsP50Ms", "underImportsP99Ms", "underImportsMaxMs" })
        {
            report.Summary[$"median {figure}"] = Stats.Median([.. report.Rows.Select(r => (double)r[figure])]);
        }

        report.Summary["errors (all runs)"] = report.Rows.Sum(r => (int)r["errors"]);
        return report;
    }

    private static async Task<Dictionary<string, object>> RunOnceAsync(int executions, bool smoke, bool warmUp)
    {
        await using var host = new BenchHost(new Dictionary<string, string> { ["Workflows:MaxConcurrentExecutions"] = "4" });
        using var client = host.StartClient();
        using var created = await client.PostAsJsonAsync("/api/v1/workflows", new { yaml = ThreeStages });
        var workflowId = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetGuid();
        var errors = 0;

        // Phase 1: throughput.
        using var transitions = new TransitionRecorder();
        var clock = Stopwatch.StartNew();
        errors += await StartAsync(client, workflowId, executions);
        var startedMs = clock.Elapsed.TotalMilliseconds;
        errors += await WaitAllFinishedAsync(client, executions);
        var wall = clock.Elapsed.TotalMilliseconds;
        var phase1 = transitions.Take();

        // Phase 2: transitions while imports run.
        var perImport = smoke ? 20 : 100;
        var sources = new List<(Guid Source, List<Guid> Ids)>();
        for (var s = 0; s < 5; s++)
        {
            sources.Add(await SeedRun.CreateLocalSourceAsync(client, host.SourcesFolder, $"w{s}", perImport));
        }

        transitions.Take();
        // Each import is a job (202); it counts as done when the job has finished.
        var imports = sources.Select(async i => await SeedRun.ImportAsync(client, i.Source, i.Ids) is null ? 1 : 0).ToList();
        errors += await StartAsync(client, workflowId, 40);
        errors += (await Task.WhenAll(imports)).Sum();
        errors += await WaitAllFinishedAsync(client, executions + 40);
        var phase2 = transitions.Take();
        if (warmUp)
        {
            return [];
        }

        return new Dictionary<string, object>
        {
            ["executions"] = executions,
            ["wallMs"] = wall,
            ["startedAfterMs"] = startedMs,
            ["executionsPerSec"] = executions / (wall / 1000),
            ["transitions"] = phase1.Count,
            ["transitionP50Ms"] = Stats.Percentile(phase1, 50),
            ["transitionP99Ms"] = Stats.Percentile(phase1, 99),
            ["underImportsP50Ms"] = Stats.Percentile(phase2, 50),
            ["underImportsP99Ms"] = Stats.Percentile(phase2, 99),
            ["underImportsMaxMs"] = phase2.Count == 0 ? 0 : phase2.Max(),
            ["errors"] = errors,
        };
    }

    /// <summary>Starts <paramref name="count"/> executions from 8 concurrent clients; returns the failed requests.</summary>
    private static async Task<int> StartAsync(HttpClient client, Guid workflowId, int count)
    {
        var errors = 0;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            using var response = await client.PostAsJsonAsync("/api/v1/workflow-executions", new { workflowId }, ct);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref errors);
            }
        });
        return errors;
    }

    /// <summary>Waits until <paramref name="total"/> executions have finished; returns how many did not complete.</summary>
    private static async Task<int> WaitAllFinishedAsync(HttpClient client, int total)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var completed = await CountAsync(client, "completed");
            var failed = await CountAsync(client, "failed");
            if (completed + failed >= total || deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                return total - completed;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<int> CountAsync(HttpClient client, string status) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/workflow-executions?status={status}&limit=1", Json)).GetProperty("total").GetInt32();

    /// <summary>Collects the runner's transition latencies (ms) as they are recorded.</summary>
    private sealed class TransitionRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private List<double> _values = [];

        public TransitionRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "marketplace.workflow.transition.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
            {
                lock (_listener)
                {
                    _values.Add(value);
                }
            });
            _listener.Start();
        }

        /// <summary>The values since the last call.</summary>
        public List<double> Take()
        {
            lock (_listener)
            {
                var taken = _values;
                _values = [];
                return taken;
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
