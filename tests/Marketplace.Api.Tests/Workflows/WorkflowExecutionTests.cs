using System.Net;
using Marketplace.Api.Tests.Postgres;
using Marketplace.Data.Model;
using Marketplace.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Workflows;

/// <summary>Executions through the HTTP API with the runner in the API host, on a real SQLite file.</summary>
public sealed class WorkflowExecutionTests(WorkflowExecutionTests.Host host)
    : WorkflowExecutionScenarios(host), IClassFixture<WorkflowExecutionTests.Host>
{
    public sealed class Host() : WorkflowHost();
}

/// <summary>The same executions on PostgreSQL.</summary>
public sealed class WorkflowExecutionTestsOnPostgres(WorkflowExecutionTestsOnPostgres.Host host)
    : WorkflowExecutionScenarios(host), IClassFixture<WorkflowExecutionTestsOnPostgres.Host>
{
    public sealed class Host(PostgresFixture postgres) : WorkflowHost(postgres: postgres);
}

/// <summary>Executions through the HTTP API with the runner in the API host; run by a class per provider.</summary>
public abstract class WorkflowExecutionScenarios(WorkflowHost host) : WorkflowApiTest(host)
{
    [Fact]
    public async Task Execution_ThreeStageDagWithParallelPair_CompletesAndRunsThePairTogether()
    {
        var workflow = await Client.CreateFromStagesAsync("""
            - { id: a, type: delay, inputs: { duration: 10ms } }
            - { id: b, type: delay, depends_on: [a], inputs: { duration: 300ms } }
            - { id: c, type: delay, depends_on: [a], inputs: { duration: 300ms } }
            """);
        Assert.Equal([["a"], ["b", "c"]], workflow.Levels.Select(l => l.ToArray()).ToArray());

        var started = await Client.StartAsync(workflow.Id);
        Assert.Equal(ExecutionStatus.Pending, started.Status);
        var done = await Client.WaitForStatusAsync(started.Id, ExecutionStatus.Completed);

        Assert.All(done.Steps, s => Assert.Equal(StepStatus.Completed, s.Status));
        var events = await Client.EventsAsync(started.Id);
        var firstPairEnd = events.First(e => e.Type == ExecutionEvents.StepCompleted && e.StageId is "b" or "c").Sequence;
        Assert.All(["b", "c"], id => Assert.True(events.Single(e => e.Type == ExecutionEvents.StepStarted && e.StageId == id).Sequence < firstPairEnd, $"{id} started after the other finished"));
        Assert.Equal(ExecutionEvents.Completed, events[^1].Type);
    }

    [Fact]
    public async Task Execution_FlakyStage_RetriesWithBackoffThenSucceeds()
    {
        var workflow = await Client.CreateFromStagesAsync("""
            - id: flaky
              type: test.flaky
              inputs: { failures: 2 }
              error_policy: { retry: { max_attempts: 3, initial_interval: 20ms, backoff_multiplier: 2 } }
            """);

        var done = await Client.WaitForStatusAsync((await Client.StartAsync(workflow.Id)).Id, ExecutionStatus.Completed);

        var step = WorkflowClient.Step(done, "flaky");
        Assert.Equal((3, 3), (step.Attempt, step.Outputs!["attempt"]!.GetValue<int>()));
        var retries = (await Client.EventsAsync(done.Id)).Where(e => e.Type == ExecutionEvents.StepRetrying).ToList();
        Assert.Equal([20d, 40d], retries.Select(r => r.Data!["delayMs"]!.GetValue<double>()));
    }

    [Theory]
    [InlineData("halt", ExecutionStatus.Failed, StepStatus.Cancelled)]
    [InlineData("continue", ExecutionStatus.Completed, StepStatus.Completed)]
    [InlineData("skip_dependents", ExecutionStatus.Failed, StepStatus.Skipped)]
    public async Task Execution_FailingStage_FollowsItsOnFailurePolicy(string policy, ExecutionStatus expected, StepStatus dependent)
    {
        var workflow = await Client.CreateFromStagesAsync($$"""
            - { id: fails, type: test.fail, error_policy: { on_failure: {{policy}} } }
            - { id: after, type: delay, depends_on: [fails], inputs: { duration: 10ms } }
            - { id: beside, type: delay, inputs: { duration: 200ms } }
            """);

        var done = await Client.WaitForAsync((await Client.StartAsync(workflow.Id)).Id, e => e.FinishedAt is not null);

        Assert.Equal(expected, done.Status);
        Assert.Equal(StepStatus.Failed, WorkflowClient.Step(done, "fails").Status);
        Assert.Equal(dependent, WorkflowClient.Step(done, "after").Status);
        // halt stops the independent branch too; the other policies let it finish.
        Assert.Equal(policy == "halt" ? StepStatus.Cancelled : StepStatus.Completed, WorkflowClient.Step(done, "beside").Status);
    }

    [Fact]
    public async Task Execution_StageOverItsTimeout_IsCancelledAndTimesOut()
    {
        var workflow = await Client.CreateFromStagesAsync("""
            - { id: slow, type: test.block, error_policy: { timeout: 200ms } }
            """);

        var done = await Client.WaitForStatusAsync((await Client.StartAsync(workflow.Id)).Id, ExecutionStatus.Failed);

        var step = WorkflowClient.Step(done, "slow");
        Assert.Equal(StepStatus.TimedOut, step.Status);
        Assert.Contains("Timed out after 200 ms", step.Error, StringComparison.Ordinal);
        Assert.Equal(1, Factory.Services.GetRequiredService<BlockStageHandler>().Cancelled[done.Id]);
    }

    [Fact]
    public async Task Condition_OnATimedOutStage_ReadsItsStatusAsOnTheWire()
    {
        // Expressions see a step's status under its wire name (timed_out), as the API shows it.
        var workflow = await Client.CreateFromStagesAsync("""
            - { id: slow, type: test.block, error_policy: { timeout: 100ms, on_failure: continue } }
            - { id: after, type: delay, depends_on: [slow], condition: "${{ stages.slow.status == 'timed_out' }}", inputs: { duration: 1ms } }
            """);

        var done = await Client.WaitForAsync((await Client.StartAsync(workflow.Id)).Id, e => e.FinishedAt is not null);

        Assert.Equal((StepStatus.TimedOut, StepStatus.Completed), (WorkflowClient.Step(done, "slow").Status, WorkflowClient.Step(done, "after").Status));
    }

    [Fact]
    public async Task Execution_TimeoutAndRetryIntervalAtTheirMaximum_RunWithoutCrashing()
    {
        // 30 days: the longest timer a definition may ask for; past it a .NET timer refuses and the run used to crash.
        var workflow = await Client.CreateFromStagesAsync("""
            - { id: quick, type: delay, inputs: { duration: 1ms }, error_policy: { timeout: 30d } }
            - id: later
              type: test.flaky
              depends_on: [quick]
              inputs: { failures: 1 }
              error_policy: { retry: { max_attempts: 2, initial_interval: 30d, max_interval: 30d } }
            """);
        var id = (await Client.StartAsync(workflow.Id)).Id;

        await Client.WaitForAsync(id, e => WorkflowClient.Step(e, "later") is { Status: StepStatus.Running, Attempt: 2 });
        var events = await Client.EventsAsync(id, max: 6);

        Assert.Equal(TimeSpan.FromDays(30).TotalMilliseconds, events.Single(e => e.Type == ExecutionEvents.StepRetrying).Data!["delayMs"]!.GetValue<double>());
        Assert.Equal(StepStatus.Completed, WorkflowClient.Step(await Client.GetAsync(id), "quick").Status);
        Assert.DoesNotContain(events, e => e.Type is ExecutionEvents.Claimed);
        await Client.ControlOkAsync(id, "cancel");
    }

    [Fact]
    public async Task Execution_FalseCondition_SkipsTheStageAndDependentsStillRun()
    {
        var workflow = await Client.CreateAsync("""
            - { id: maybe, type: delay, condition: "${{ parameters.run }}", inputs: { duration: 10ms } }
            - { id: next, type: delay, depends_on: [maybe], condition: "${{ stages.maybe.status == 'skipped' }}", inputs: { duration: 10ms } }
            """, "config:\n  parameters:\n    run: { type: boolean, default: false }\n");

        var done = await Client.WaitForStatusAsync((await Client.StartAsync(workflow.Id)).Id, ExecutionStatus.Completed);

        Assert.Equal((StepStatus.Skipped, StepStatus.Completed), (WorkflowClient.Step(done, "maybe").Status, WorkflowClient.Step(done, "next").Status));
    }

    [Fact]
    public async Task Execution_InputsFromParametersAndEarlierOutputs_AreResolvedBeforeTheHandlerRuns()
    {
        var workflow = await Client.CreateAsync("""
            - { id: first, type: test.flaky, inputs: { failures: "${{ parameters.failures }}" }, error_policy: { retry: { max_attempts: 2, initial_interval: 10ms } } }
            - { id: second, type: delay, depends_on: [first], inputs: { duration: "${{ stages.first.outputs.attempt }}ms" } }
            """, "config:\n  parameters:\n    failures: { type: integer, required: true }\n");

        var done = await Client.WaitForStatusAsync((await Client.StartAsync(workflow.Id, new { failures = 1 })).Id, ExecutionStatus.Completed);

        Assert.Equal("2ms", WorkflowClient.Step(done, "second").Inputs!["duration"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pause_WhileHandlerRuns_CancelsItAndResumeRunsTheStepAgain()
    {
        var block = Factory.Services.GetRequiredService<BlockStageHandler>();
        var workflow = await Client.CreateFromStagesAsync("- { id: work, type: test.block }");
        var id = (await Client.StartAsync(workflow.Id)).Id;
        await Client.WaitForAsync(id, e => WorkflowClient.Step(e, "work").Status == StepStatus.Running && block.Started.GetValueOrDefault(id) == 1);

        Assert.Equal(ExecutionStatus.Paused, (await Client.ControlOkAsync(id, "pause")).Status);
        var paused = await Client.WaitForAsync(id, e => WorkflowClient.Step(e, "work").Status == StepStatus.Pending && e.LeaseOwner is null);
        Assert.Equal((ExecutionStatus.Paused, 1), (paused.Status, block.Cancelled.GetValueOrDefault(id)));
        await ProblemAssert.IsProblemAsync(await Client.ControlAsync(id, "pause"), HttpStatusCode.Conflict);

        await Client.ControlOkAsync(id, "resume");
        var resumed = await Client.WaitForAsync(id, e => WorkflowClient.Step(e, "work").Attempt == 2 && block.Started.GetValueOrDefault(id) == 2);
        Assert.Equal(ExecutionStatus.Running, resumed.Status);

        var cancelled = await Client.ControlOkAsync(id, "cancel");
        Assert.Equal((ExecutionStatus.Cancelled, StepStatus.Cancelled), (cancelled.Status, WorkflowClient.Step(cancelled, "work").Status));
        await Client.WaitForAsync(id, e => e.LeaseOwner is null && block.Cancelled.GetValueOrDefault(id) == 2);
        var events = await Client.EventsAsync(id);
        Assert.Equal(ExecutionEvents.Cancelled, events[^1].Type);
        await ProblemAssert.IsProblemAsync(await Client.ControlAsync(id, "resume"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Control_UnknownExecutionOrStage_Is404AndWrongStateIs409()
    {
        await ProblemAssert.IsProblemAsync(await Client.ControlAsync(Guid.NewGuid(), "pause"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await Client.ControlAsync(Guid.NewGuid(), "gates/x/approve"), HttpStatusCode.NotFound);
        var workflow = await Client.CreateFromStagesAsync("- { id: work, type: test.block }");
        var id = (await Client.StartAsync(workflow.Id)).Id;
        await Client.WaitForAsync(id, e => WorkflowClient.Step(e, "work").Status == StepStatus.Running);

        await ProblemAssert.IsProblemAsync(await Client.ControlAsync(id, "resume"), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await Client.ControlAsync(id, "gates/work/approve"), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await Client.ControlAsync(id, "gates/nope/reject"), HttpStatusCode.NotFound);
        await Client.ControlOkAsync(id, "cancel");
    }

    [Fact]
    public async Task Start_BadParameters_Is400NamingEachAndWritesNothing()
    {
        var workflow = await Client.CreateAsync("- { id: a, type: delay, inputs: { duration: 1ms } }",
            "config:\n  parameters:\n    sourceId: { type: string, required: true }\n    n: { type: integer }\n");

        var problem = await ProblemAssert.IsProblemAsync(
            await Client.Http.PostJsonAsync("/api/v1/workflow-executions", new { workflowId = workflow.Id, parameters = new { n = "three", extra = 1 } }),
            HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.All(["parameters.sourceId", "parameters.n", "parameters.extra"], key => Assert.True(errors.TryGetProperty(key, out _), key));
        var list = await Client.Http.GetAsync($"/api/v1/workflow-executions?workflowId={workflow.Id}", TestContext.Current.CancellationToken);
        Assert.Contains("\"total\":0", await list.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await Client.Http.PostJsonAsync("/api/v1/workflow-executions", new { workflowId = Guid.NewGuid() }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await Client.Http.GetAsync("/api/v1/workflow-executions?status=sleeping", TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
    }
}
