using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Marketplace.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Workflows;

/// <summary>
/// Executions the runner cannot run — stored by an older version, another process's limits, or a bug — back off and
/// end <c>failed</c> with the error after a bounded number of attempts, instead of being claimed again at once forever.
/// </summary>
public sealed class PoisonExecutionTests(PoisonExecutionTests.Host host) : WorkflowApiTest(host), IClassFixture<PoisonExecutionTests.Host>
{
    public sealed class Host() : WorkflowHost(new()
    {
        ["Workflows:MaxRunFailures"] = "3",
        ["Workflows:RunFailureDelay"] = "00:00:00.050",
        ["Workflows:RunFailureMaxDelay"] = "00:00:00.200",
    });

    private const string OneStage =
        "workflow: { id: poison, name: poison, version: 1 }\nstages:\n  - { id: a, type: delay, inputs: { duration: 1ms } }\n";

    [Fact]
    public async Task Execution_ParametersThatCannotBeRead_BacksOffAndEndsFailedAfterAHandfulOfEvents()
    {
        // Valid JSON, but nested deeper than JSON is read here: every run throws before its first step.
        var id = await InsertAsync(OneStage, string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100));

        var done = await Client.WaitForAsync(id, e => e.FinishedAt is not null, seconds: 60);

        Assert.Equal(ExecutionStatus.Failed, done.Status);
        Assert.Contains("3 runs", done.Error, StringComparison.Ordinal);
        Assert.Contains("depth", done.Error, StringComparison.OrdinalIgnoreCase);
        var events = await Client.EventsAsync(id);
        Assert.InRange(events.Count, 3, 12);
        Assert.Equal(ExecutionEvents.Failed, events[^1].Type);
        Assert.Equal(StepStatus.Cancelled, WorkflowClient.Step(done, "a").Status);
    }

    [Fact]
    public async Task Execution_DefinitionPastThisProcessesLimits_EndsFailedAtOnceNamingTheLimit()
    {
        // Inputs nested 1 000 deep: accepted before there was a depth limit, and then every run threw on writing them.
        var yaml = OneStage.Replace("duration: 1ms", "duration: 1ms, x: " + string.Concat(Enumerable.Repeat("{ a: ", 1000)) + "1"
            + new string('}', 1000),
            StringComparison.Ordinal);
        var id = await InsertAsync(yaml, "{}");

        var done = await Client.WaitForAsync(id, e => e.FinishedAt is not null, seconds: 60);

        Assert.Equal(ExecutionStatus.Failed, done.Status);
        Assert.Contains("Workflows:Limits:MaxYamlDepth", done.Error, StringComparison.Ordinal);
        Assert.InRange((await Client.EventsAsync(id)).Count, 3, 4);
    }

    /// <summary>Stores an execution as a write unit would, without the checks a start makes, and wakes the runner.</summary>
    private async Task<Guid> InsertAsync(string definition, string parameters)
    {
        var now = DateTimeOffset.UtcNow;
        var execution = new WorkflowExecution
        {
            Id = Guid.CreateVersion7(now),
            WorkflowName = "poison",
            WorkflowVersion = "1",
            Definition = definition,
            DefinitionHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(definition))),
            Parameters = parameters,
            CreatedAt = now,
        };
        execution.Steps.Add(new ExecutionStep { Id = Guid.CreateVersion7(now), ExecutionId = execution.Id, StageId = "a" });
        await Factory.Services.GetRequiredService<IWriteUnitRunner>().RunAsync(async (db, ct) =>
        {
            db.WorkflowExecutions.Add(execution);
            await ExecutionEvents.AppendAsync(db, execution.Id, now, ct, new NewExecutionEvent(ExecutionEvents.Created, null,
                new JsonObject { ["workflow"] = "poison" }));
        }, Ct);
        Factory.Services.GetRequiredService<JobSignals>().WorkAvailable();
        return execution.Id;
    }
}
