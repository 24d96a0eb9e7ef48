using System.Diagnostics;
using Marketplace.Api.Tests.Workflows;
using Marketplace.Data.Model;
using Marketplace.Workflows.Engine;
using Marketplace.Workflows.Management;
using Npgsql;

namespace Marketplace.Api.Tests.Postgres;

/// <summary>
/// Scale-out on one PostgreSQL database: three API processes (runners off) and two runner processes, started at once
/// on an empty database. Five 100-entry imports spread over the APIs, half of whose names every source shares
/// (rename), and 100 workflow executions (ten of them importing) started through all three: nothing fails, every
/// entry becomes exactly one artifact, every execution completes exactly once and no step runs twice.
/// </summary>
public sealed class ScaleOutTests(PostgresFixture postgres) : IAsyncDisposable
{
    private const int Apis = 3, Runners = 2, Imports = 5, PerImport = 100, Shared = 50, Executions = 100, ImportingExecutions = 10, PerExecution = 10;
    private readonly List<string> _folders = [];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThreeApisTwoRunners_ImportsAndExecutions_EverythingExactlyOnce()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var common = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = connectionString,
            ["Maintenance__Enabled"] = "false",
        };
        var clock = Stopwatch.StartNew();
        // All five start on the empty database at once: the migration runs once, under the migrator's lock.
        await using var hosts = await HostGroup.StartAsync(
            [.. Enumerable.Range(0, Apis).Select(_ => HostProcess.StartAsync(NewFolder(), With(common, ("Workflows__RunnerEnabled", "false")))),
             .. Enumerable.Range(0, Runners).Select(_ => HostProcess.StartWorkerAsync(NewFolder(), With(common,
                 ("Workflows__PollInterval", "00:00:00.100"), ("Workflows__MaxConcurrentExecutions", "8"))))]);
        var (apis, runners) = (hosts.Hosts[..Apis], hosts.Hosts[Apis..]);
        var startUp = clock.Elapsed;

        var api = new MarketplaceClient(apis[0].Client);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var sources = await api.RegisterSourcesAsync(Imports, s => Enumerable.Range(0, PerImport).Select(i =>
            MarketplaceClient.Entry($"commands/{tag}-{s}-{i}.md", i < Shared ? $"shared-{tag}-{i}" : $"own-{tag}-{s}-{i}", tags: ["scale", $"t{i % 5}"])));

        var workflowSource = await api.RegisterSourceAsync();
        var workflowEntries = await api.UploadAsync(workflowSource.Id, Enumerable.Range(0, ImportingExecutions * PerExecution)
            .Select(i => MarketplaceClient.Entry($"commands/wf-{tag}-{i}.md", tags: ["scale"])));
        var workflows = new WorkflowClient(apis[1].Client);
        var plain = await workflows.CreateFromStagesAsync("""
            - { id: a, type: delay, inputs: { duration: 20ms } }
            - { id: b, type: delay, depends_on: [a], inputs: { duration: 20ms } }
            - { id: c, type: delay, depends_on: [a], inputs: { duration: 20ms } }
            - { id: d, type: delay, depends_on: [b, c], inputs: { duration: 1ms } }
            """);
        var importing = await workflows.CreateAsync("""
            - { id: import, type: marketplace.import, inputs: { sourceId: "${{ parameters.sourceId }}", entryIds: "${{ parameters.entryIds }}" } }
            - { id: settle, type: delay, depends_on: [import], inputs: { duration: 10ms } }
            """, "config:\n  parameters:\n    sourceId: { type: string, required: true }\n    entryIds: { type: array, required: true }\n");

        clock.Restart();
        var imports = sources.Select((s, i) => new MarketplaceClient(apis[i % Apis].Client).ImportAsync(s.Source, s.Ids, "rename", batchSize: 10)).ToList();
        var starts = Enumerable.Range(0, Executions).Select(i => new WorkflowClient(apis[i % Apis].Client).StartAsync(
            i < ImportingExecutions ? importing.Id : plain.Id,
            i < ImportingExecutions ? new { sourceId = workflowSource.Id.ToString(), entryIds = workflowEntries.Skip(i * PerExecution).Take(PerExecution) } : null)).ToList();
        var results = await Task.WhenAll(imports);
        var importsDone = clock.Elapsed;
        var started = await Task.WhenAll(starts);
        var finished = await WaitForAllAsync(workflows, [.. started.Select(e => e.Id)], runners);
        var executionsDone = clock.Elapsed;

        // Imports: all complete, every entry one artifact of its own, the shared names spread over suffixes -1 … -4.
        Assert.All(results, r => Assert.Equal(("completed", PerImport, 0), (r.Status, r.Imported, r.Failed)));
        var keys = results.SelectMany(r => r.Entries.Select(e => e.ArtifactKey!)).ToList();
        Assert.Equal(Imports * PerImport, keys.Distinct(StringComparer.Ordinal).Count());
        var expectedShared = Enumerable.Range(0, Shared).SelectMany(i => Enumerable.Range(0, Imports).Select(n => n == 0 ? $"command:shared-{tag}-{i}@tests" : $"command:shared-{tag}-{i}-{n}@tests"));
        Assert.Equal(expectedShared.Order(StringComparer.Ordinal), keys.Where(k => k.StartsWith($"command:shared-{tag}-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

        // Executions: each completed once, each step started and completed once, by one runner, at attempt 1.
        var byRunner = new Dictionary<string, int>();
        foreach (var execution in finished)
        {
            Assert.Equal(ExecutionStatus.Completed, execution.Status);
            Assert.All(execution.Steps, s => Assert.Equal((StepStatus.Completed, 1), (s.Status, s.Attempt)));
            var events = await workflows.EventsAsync(execution.Id);
            Assert.Equal(Enumerable.Range(1, events.Count), events.Select(e => e.Sequence));
            Assert.Single(events, e => e.Type == ExecutionEvents.Completed);
            Assert.Single(events, e => e.Type == ExecutionEvents.Started);
            Assert.DoesNotContain(events, e => e.Type is ExecutionEvents.Claimed or ExecutionEvents.StepInterrupted or ExecutionEvents.StepRetrying);
            var stepStarts = events.Where(e => e.Type == ExecutionEvents.StepStarted).ToList();
            Assert.Equal(execution.Steps.Select(s => s.StageId).Order(StringComparer.Ordinal), stepStarts.Select(e => e.StageId!).Order(StringComparer.Ordinal));
            Assert.Equal(execution.Steps.Select(s => s.StageId).Order(StringComparer.Ordinal),
                events.Where(e => e.Type == ExecutionEvents.StepCompleted).Select(e => e.StageId!).Order(StringComparer.Ordinal));
            var runner = Assert.Single(stepStarts.Select(e => e.Data!["runner"]!.GetValue<string>()).Distinct());
            var process = runner.Split(':')[1];
            byRunner[process] = byRunner.GetValueOrDefault(process) + 1;
            if (execution.WorkflowId == importing.Id)
            {
                Assert.Equal(PerExecution, WorkflowClient.Step(execution, "import").Outputs!["imported"]!.GetValue<int>());
            }
        }

        Assert.Equal(runners.Select(r => r.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), byRunner.Keys.Order());

        // The database agrees: one row per key, one artifact per imported entry, nothing left leased.
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(Ct);
        var artifacts = await ScalarAsync(db, "SELECT count(*) FROM artifacts");
        Assert.Equal(Imports * PerImport + ImportingExecutions * PerExecution, artifacts);
        Assert.Equal(artifacts, await ScalarAsync(db, "SELECT count(DISTINCT key) FROM artifacts"));
        Assert.Equal(artifacts, await ScalarAsync(db, "SELECT count(DISTINCT imported_artifact_id) FROM catalog_entries WHERE status = 'Imported'"));
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM workflow_executions WHERE lease_owner IS NOT NULL OR status <> 'Completed'"));

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"scale-out: {Apis} APIs + {Runners} runners started in {startUp.TotalSeconds:F1} s; {Imports}×{PerImport} imports in {importsDone.TotalSeconds:F1} s; " +
            $"{Executions} executions done {executionsDone.TotalSeconds:F1} s after the first request; executions per runner: {string.Join(", ", byRunner.Values)}; " +
            $"batch units run again after losing a key: {results.Sum(r => r.Batches.Sum(b => b.Attempts - 1))} of {results.Sum(r => r.Batches.Count)}");
    }

    private static async Task<ExecutionInfo[]> WaitForAllAsync(WorkflowClient workflows, List<Guid> ids, HostProcess[] runners)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var done = new Dictionary<Guid, ExecutionInfo>();
        while (done.Count < ids.Count)
        {
            foreach (var id in ids.Where(id => !done.ContainsKey(id)))
            {
                if (await workflows.GetAsync(id) is { FinishedAt: not null } execution)
                {
                    done[id] = execution;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"{ids.Count - done.Count} executions unfinished after 120 s\n{string.Join("\n---\n", runners.Select(r => r.Output))}");
            await Task.Delay(200, Ct);
        }

        return [.. ids.Select(id => done[id])];
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, string> With(Dictionary<string, string> common, params (string Key, string Value)[] more)
    {
        var all = new Dictionary<string, string>(common);
        foreach (var (key, value) in more)
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary>A data folder of its own per process: each node keeps its own blob cache file.</summary>
    private string NewFolder()
    {
        var folder = Directory.CreateTempSubdirectory("marketplace-scale-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "sources"));
        _folders.Add(folder);
        return folder;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Processes started together and stopped together, whatever the outcome (also when one fails to start).</summary>
    private sealed class HostGroup(HostProcess[] hosts) : IAsyncDisposable
    {
        public HostProcess[] Hosts => hosts;

        public static async Task<HostGroup> StartAsync(Task<HostProcess>[] starts)
        {
            try
            {
                return new HostGroup(await Task.WhenAll(starts));
            }
            catch
            {
                await new HostGroup([.. starts.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result)]).DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }
}
