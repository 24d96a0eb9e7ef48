using System.Text.Json.Nodes;
using Marketplace.Data.Model;
using Marketplace.Workflows.Definitions;
using Marketplace.Workflows.Engine;

namespace Marketplace.Workflows.Tests;

/// <summary>
/// <see cref="Scheduler.Decide"/> as a table, on a diamond <c>a → (b, c) → d</c> where <c>b</c>'s failure policy
/// varies: each row gives every step's status and what must be decided.
/// </summary>
public sealed class SchedulerTests
{
    [Theory]
    // status of a, b, c, d | b's on_failure | running here | ready | skipped | finished | halts
    [InlineData("pending pending pending pending", "halt", "", "a", "", null, false)]
    [InlineData("pending pending pending pending", "halt", "a", "", "", null, false)]
    [InlineData("completed pending pending pending", "halt", "", "b c", "", null, false)]
    [InlineData("completed completed running pending", "halt", "c", "", "", null, false)]
    [InlineData("completed completed completed pending", "halt", "", "d", "", null, false)]
    [InlineData("completed completed completed completed", "halt", "", "", "", "completed", false)]
    [InlineData("completed failed running pending", "halt", "c", "", "", null, true)]
    [InlineData("completed timed_out completed pending", "halt", "", "", "", null, true)]
    [InlineData("completed failed completed pending", "continue", "", "d", "", null, false)]
    [InlineData("completed failed completed completed", "continue", "", "", "", "completed", false)]
    [InlineData("completed failed completed pending", "skip_dependents", "", "", "d", null, false)]
    [InlineData("completed failed completed skipped!", "skip_dependents", "", "", "", "failed", false)]
    [InlineData("completed skipped completed pending", "halt", "", "d", "", null, false)]
    [InlineData("completed skipped! completed pending", "halt", "", "", "d", null, false)]
    [InlineData("completed cancelled completed pending", "halt", "", "", "d", null, false)]
    [InlineData("completed waiting_for_approval completed pending", "halt", "", "", "", null, false)]
    public void Decide_Diamond_DecidesAsTheRulesSay(
        string statuses, string onFailure, string runningHere, string ready, string skipped, string? finished, bool halts)
    {
        var definition = Diamond(onFailure);
        var steps = statuses.Split(' ').Select((s, i) => (Id: "abcd"[i].ToString(), Status: s))
            .ToDictionary(s => s.Id, s => Step(s.Status), StringComparer.Ordinal);

        var decision = Scheduler.Decide(definition, steps, Words(runningHere).ToHashSet(StringComparer.Ordinal));

        Assert.Equal(Words(ready), decision.Ready.Select(s => s.Id));
        Assert.Equal(Words(skipped), decision.Skip.Select(s => s.StageId));
        Assert.Equal(finished, decision.Finished is { } f ? WireName.Of(f) : null);
        Assert.Equal(halts, decision.HaltError is not null);
    }

    [Fact]
    public void Decide_GateWaiting_IsReportedWithItsStage()
    {
        var steps = new Dictionary<string, StepState>(StringComparer.Ordinal)
        {
            ["a"] = Step("completed"), ["b"] = Step("waiting_for_approval"), ["c"] = Step("completed"), ["d"] = Step("pending"),
        };

        var decision = Scheduler.Decide(Diamond("halt"), steps, new HashSet<string>());

        Assert.Equal(["b"], decision.Waiting.Select(s => s.Id));
        Assert.Equal((0, 0, null), (decision.Ready.Count, decision.Skip.Count, decision.Finished));
    }

    /// <summary>A status by wire name; a trailing <c>!</c> marks a skip caused by a failure (it carries an error).</summary>
    private static StepState Step(string status)
    {
        var causedByFailure = status.EndsWith('!');
        Assert.True(WireName.TryParse<StepStatus>(status.TrimEnd('!'), out var parsed), status);
        return new StepState(parsed, causedByFailure || parsed is StepStatus.Failed or StepStatus.TimedOut ? "boom" : null, null, null);
    }

    private static WorkflowDefinition Diamond(string bOnFailure)
    {
        var onFailure = bOnFailure switch { "continue" => FailureAction.Continue, "skip_dependents" => FailureAction.SkipDependents, _ => FailureAction.Halt };
        StageDefinition Stage(string id, int level, ErrorPolicy policy, params string[] dependsOn) =>
            new(id, id, "delay", dependsOn, new JsonObject(), policy, null, null, false, level);
        return new WorkflowDefinition("w", "W", "1", new Dictionary<string, ParameterDefinition>(),
        [
            Stage("a", 0, ErrorPolicy.Default),
            Stage("b", 1, ErrorPolicy.Default with { OnFailure = onFailure }, "a"),
            Stage("c", 1, ErrorPolicy.Default, "a"),
            Stage("d", 2, ErrorPolicy.Default, "b", "c"),
        ]);
    }

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
