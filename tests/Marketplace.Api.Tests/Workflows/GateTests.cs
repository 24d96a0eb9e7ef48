using Marketplace.Api.Tests.Postgres;
using Marketplace.Data.Model;

namespace Marketplace.Api.Tests.Workflows;

/// <summary>Manual approval gates on SQLite.</summary>
public sealed class GateTests(GateTests.Host host)
    : GateScenarios(host), IClassFixture<GateTests.Host>
{
    public sealed class Host() : WorkflowHost(GateScenarios.Settings);
}

/// <summary>Manual approval gates on PostgreSQL.</summary>
public sealed class GateTestsOnPostgres(GateTestsOnPostgres.Host host)
    : GateScenarios(host), IClassFixture<GateTestsOnPostgres.Host>
{
    public sealed class Host(PostgresFixture postgres) : WorkflowHost(GateScenarios.Settings, postgres: postgres);
}

/// <summary>Manual approval gates, with a runner that may run only one execution at a time; run by a class per provider.</summary>
public abstract class GateScenarios(WorkflowHost host) : WorkflowApiTest(host)
{
    internal static Dictionary<string, string?> Settings => new() { ["Workflows:MaxConcurrentExecutions"] = "1" };

    [Fact]
    public async Task Gate_Waiting_HoldsNoRunnerSlotAndApproveResumes()
    {
        var gated = await Client.StartAsync((await GatedWorkflowAsync("")).Id);
        var waiting = await Client.WaitForStatusAsync(gated.Id, ExecutionStatus.Waiting);
        Assert.Equal((StepStatus.WaitingForApproval, null), (WorkflowClient.Step(waiting, "review").Status, waiting.LeaseOwner));

        // The only runner slot is free: another execution runs to the end while the gate waits.
        var other = await Client.CreateFromStagesAsync("- { id: quick, type: delay, inputs: { duration: 10ms } }");
        await Client.WaitForStatusAsync((await Client.StartAsync(other.Id)).Id, ExecutionStatus.Completed);
        Assert.Equal(ExecutionStatus.Waiting, (await Client.GetAsync(gated.Id)).Status);

        var response = await Client.Http.PostJsonAsync($"/api/v1/workflow-executions/{gated.Id}/gates/review/approve", new { comment = "looks good" });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var done = await Client.WaitForStatusAsync(gated.Id, ExecutionStatus.Completed);

        Assert.Equal("looks good", WorkflowClient.Step(done, "review").Outputs!["comment"]!.GetValue<string>());
        Assert.Equal(StepStatus.Completed, WorkflowClient.Step(done, "after").Status);
    }

    [Fact]
    public async Task Gate_Rejected_FailsTheExecution()
    {
        var gated = await Client.StartAsync((await GatedWorkflowAsync("")).Id);
        await Client.WaitForStatusAsync(gated.Id, ExecutionStatus.Waiting);

        await Client.ControlOkAsync(gated.Id, "gates/review/reject");
        var done = await Client.WaitForStatusAsync(gated.Id, ExecutionStatus.Failed);

        Assert.Equal((StepStatus.Failed, StepStatus.Cancelled), (WorkflowClient.Step(done, "review").Status, WorkflowClient.Step(done, "after").Status));
        Assert.Contains("Rejected", done.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reject", ExecutionStatus.Failed, StepStatus.TimedOut)]
    [InlineData("approve", ExecutionStatus.Completed, StepStatus.Completed)]
    public async Task Gate_NoDecisionBeforeTimeout_DoesItsOnTimeout(string onTimeout, ExecutionStatus expected, StepStatus gate)
    {
        var gated = await Client.StartAsync((await GatedWorkflowAsync($"gate: {{ timeout: 300ms, on_timeout: {onTimeout} }}")).Id);

        var done = await Client.WaitForStatusAsync(gated.Id, expected);

        Assert.Equal(gate, WorkflowClient.Step(done, "review").Status);
    }

    private Task<Marketplace.Workflows.Management.WorkflowInfo> GatedWorkflowAsync(string gate) => Client.CreateFromStagesAsync($$"""
        - { id: before, type: delay, inputs: { duration: 10ms } }
        - { id: review, type: gate, depends_on: [before], {{gate}} }
        - { id: after, type: delay, depends_on: [review], inputs: { duration: 10ms } }
        """.Replace(", }", " }", StringComparison.Ordinal));
}
