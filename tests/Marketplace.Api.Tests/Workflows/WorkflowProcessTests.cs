using Marketplace.Api.Tests.Postgres;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Workflows;

/// <summary>The runner as its own process beside an API host, on SQLite.</summary>
public sealed class WorkflowProcessTests(WorkflowProcessTests.Host host)
    : WorkflowProcessScenarios(host), IClassFixture<WorkflowProcessTests.Host>
{
    public sealed class Host() : WorkflowHost(WorkflowProcessScenarios.Settings);
}

/// <summary>The runner as its own process beside an API host, on PostgreSQL.</summary>
public sealed class WorkflowProcessTestsOnPostgres(WorkflowProcessTestsOnPostgres.Host host)
    : WorkflowProcessScenarios(host), IClassFixture<WorkflowProcessTestsOnPostgres.Host>
{
    public sealed class Host(PostgresFixture postgres) : WorkflowHost(WorkflowProcessScenarios.Settings, postgres: postgres);
}

/// <summary>
/// The runner as its own OS process (<c>src/Marketplace.Worker</c>) beside an API host whose runner is off, both on
/// the same database; run by a class per provider.
/// </summary>
public abstract class WorkflowProcessScenarios(WorkflowHost host) : WorkflowApiTest(host)
{
    internal static Dictionary<string, string?> Settings => new() { ["Workflows:RunnerEnabled"] = "false" };

    private Dictionary<string, string> WorkerSettings => new(DatabaseEnvironment)
    {
        ["Workflows__PollInterval"] = "00:00:00.100",
        ["Workflows__ControlPollInterval"] = "00:00:00.050",
        ["Workflows__LeaseDuration"] = "00:00:02",
        ["Import__LeaseDuration"] = "00:00:02",
        ["Maintenance__Enabled"] = "false",
    };

    [Fact]
    public async Task Control_RunnerInWorkerProcess_PauseResumeCancelReachTheRunningHandler()
    {
        await using var worker = await HostProcess.StartWorkerAsync(Factory.DataFolder, WorkerSettings);
        var workflow = await Client.CreateFromStagesAsync("- { id: work, type: delay, inputs: { duration: 10m } }");
        var id = (await Client.StartAsync(workflow.Id)).Id;
        var running = await Client.WaitForAsync(id, e => WorkflowClient.Step(e, "work").Status == StepStatus.Running);
        Assert.Contains($":{worker.ProcessId}:", running.LeaseOwner, StringComparison.Ordinal);

        await Client.ControlOkAsync(id, "pause");
        // The worker sees the pause, cancels the 10-minute delay, puts the step back and lets go of the execution.
        var paused = await WithOutputAsync(worker, () => Client.WaitForAsync(id, e => WorkflowClient.Step(e, "work").Status == StepStatus.Pending && e.LeaseOwner is null, seconds: 30));
        Assert.Equal(ExecutionStatus.Paused, paused.Status);

        await Client.ControlOkAsync(id, "resume");
        await Client.WaitForAsync(id, e => WorkflowClient.Step(e, "work") is { Status: StepStatus.Running, Attempt: 2 }, seconds: 10);

        await Client.ControlOkAsync(id, "cancel");
        await Client.WaitForAsync(id, e => e.LeaseOwner is null, seconds: 10);
        var events = await Client.EventsAsync(id);
        Assert.Equal(
            [ExecutionEvents.Created, ExecutionEvents.Started, ExecutionEvents.StepStarted, ExecutionEvents.Paused, ExecutionEvents.StepInterrupted,
             ExecutionEvents.Resumed, ExecutionEvents.Claimed, ExecutionEvents.StepStarted, ExecutionEvents.Cancelled],
            events.Select(e => e.Type));
        Assert.Equal("paused", events.Single(e => e.Type == ExecutionEvents.StepInterrupted).Data!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task LeaseTakeover_WorkerKilledMidStep_SecondWorkerFinishesWithoutOverlap()
    {
        var workflow = await Client.CreateFromStagesAsync("""
            - { id: a, type: delay, inputs: { duration: 10ms } }
            - { id: b, type: delay, depends_on: [a], inputs: { duration: 3s } }
            - { id: c, type: delay, depends_on: [b], inputs: { duration: 10ms } }
            """);
        string firstRunner;
        Guid id;
        await using (var first = await HostProcess.StartWorkerAsync(Factory.DataFolder, WorkerSettings))
        {
            id = (await Client.StartAsync(workflow.Id)).Id;
            var running = await Client.WaitForAsync(id, e => WorkflowClient.Step(e, "b").Status == StepStatus.Running);
            firstRunner = running.LeaseOwner!;
            await first.KillAsync();
        }

        await using var second = await HostProcess.StartWorkerAsync(Factory.DataFolder, WorkerSettings);
        var done = await Client.WaitForStatusAsync(id, ExecutionStatus.Completed, seconds: 60);

        Assert.All(done.Steps, s => Assert.Equal(StepStatus.Completed, s.Status));
        Assert.Equal(2, WorkflowClient.Step(done, "b").Attempt);
        var events = await Client.EventsAsync(id);
        var startsOfB = events.Where(e => e.Type == ExecutionEvents.StepStarted && e.StageId == "b").ToList();
        Assert.Equal(2, startsOfB.Count);
        Assert.Equal(firstRunner, startsOfB[0].Data!["runner"]!.GetValue<string>());
        var secondRunner = startsOfB[1].Data!["runner"]!.GetValue<string>();
        Assert.Contains($":{second.ProcessId}:", secondRunner, StringComparison.Ordinal);
        // The takeover came only after the dead runner's lease ran out, and the dead runner wrote nothing after it.
        var claim = events.Single(e => e.Type == ExecutionEvents.Claimed);
        Assert.Equal(secondRunner, claim.Data!["runner"]!.GetValue<string>());
        Assert.True(claim.At - startsOfB[0].At >= TimeSpan.FromSeconds(1.5), $"claimed {claim.At - startsOfB[0].At} after the first start");
        Assert.All(events.Where(e => e.Sequence > claim.Sequence && e.Data?["runner"] is not null), e => Assert.Equal(secondRunner, e.Data!["runner"]!.GetValue<string>()));
        Assert.Equal(["a", "b", "c"], events.Where(e => e.Type == ExecutionEvents.StepCompleted).Select(e => e.StageId));
        Assert.Contains(events, e => e.Type == ExecutionEvents.StepInterrupted && e.StageId == "b" && e.Sequence == claim.Sequence + 1);
    }

    [Fact]
    public async Task ImportStage_WorkerKilledMidImport_TakeoverReattachesToTheSameImportJob()
    {
        const int entries = 300;
        var api = new MarketplaceClient(Client.Http);
        var source = await api.RegisterSourceAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var ids = await api.UploadAsync(source.Id, Enumerable.Range(0, entries).Select(i => MarketplaceClient.Entry($"commands/{tag}-{i:D3}.md")));
        var workflow = await Client.CreateAsync(
            "- { id: import, type: marketplace.import, inputs: { sourceId: \"${{ parameters.sourceId }}\", entryIds: \"${{ parameters.entryIds }}\", batchSize: 1 } }",
            "config:\n  parameters:\n    sourceId: { type: string, required: true }\n    entryIds: { type: array, required: true }\n");
        Guid id;
        await using (var first = await HostProcess.StartWorkerAsync(Factory.DataFolder, WorkerSettings))
        {
            id = (await Client.StartAsync(workflow.Id, new { sourceId = source.Id, entryIds = ids })).Id;
            // Killed once the stage's import has committed some batches, well before its last.
            await WithOutputAsync(first, async () =>
            {
                while ((await api.CatalogAsync(source.Id, "&status=imported")).Count < 20)
                {
                    await Task.Delay(20, Ct);
                }

                return true;
            });
            await first.KillAsync();
        }

        Assert.InRange((await api.CatalogAsync(source.Id, "&status=imported")).Count, 20, entries - 1);
        await using var second = await HostProcess.StartWorkerAsync(Factory.DataFolder, WorkerSettings);
        var done = await WithOutputAsync(second, () => Client.WaitForStatusAsync(id, ExecutionStatus.Completed, seconds: 120));

        // The takeover of the stage waited for the import the first runner started, which another runner finished from
        // its last batch: one import job, every entry imported by it once, none skipped as already there.
        var jobs = await ImportJobsAsync(source.Id);
        var job = Assert.Single(jobs);
        Assert.Equal((ImportStatus.Completed, entries, 0, 0), (job.Status, job.ImportedCount, job.SkippedCount, job.FailedCount));
        Assert.Equal(job.Id.ToString(), WorkflowClient.Step(done, "import").Outputs!["importId"]!.GetValue<string>());
        Assert.All(await api.CatalogAsync(source.Id), e => Assert.Equal((CatalogEntryStatus.Imported, job.Id), (e.Status, e.ImportId!.Value)));
    }

    private async Task<List<ImportJob>> ImportJobsAsync(Guid sourceId)
    {
        await using var db = await Factory.Services.GetRequiredService<IDbContextFactory<MarketplaceDbContext>>().CreateDbContextAsync(Ct);
        return await db.ImportJobs.AsNoTracking().Where(j => j.SourceId == sourceId).ToListAsync(Ct);
    }

    /// <summary>Adds what the worker logged to a failure, since the interesting half of the story happened there.</summary>
    private static async Task<T> WithOutputAsync<T>(HostProcess worker, Func<Task<T>> wait)
    {
        try
        {
            return await wait();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"{e.Message}\n--- worker output ---\n{worker.Output}", e);
        }
    }
}
