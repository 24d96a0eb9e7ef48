using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Workflows.Definitions;

namespace Marketplace.Workflows.Engine;

/// <summary>Gates' deadlines (a step's start plus its gate's timeout): when to look again, and what to do once one passed.</summary>
internal static class GateDeadlines
{
    public static DateTimeOffset? Of(StageDefinition stage, StepState step) =>
        stage.Gate?.Timeout is { } timeout && step.StartedAt is { } started ? started + timeout : null;

    /// <summary>The earliest deadline of the gates waiting now, or null.</summary>
    public static DateTimeOffset? Earliest(Decision decision, ExecutionState state) =>
        decision.Waiting.Select(s => Of(s, state.Steps[s.Id])).Where(d => d is not null).Min();

    /// <summary>Does each overdue gate's <c>on_timeout</c>. True when a gate changed, so the state must be read again.</summary>
    public static async Task<bool> TimeOutOverdueAsync(
        StepTransitions steps, Lease lease, WorkflowDefinition definition, ExecutionState state, DateTimeOffset now,
            CancellationToken stopping)
    {
        var changed = false;
        foreach (var (stageId, step) in state.Steps.Where(s => s.Value.Status == StepStatus.WaitingForApproval))
        {
            var stage = definition.Stage(stageId);
            if (Of(stage, step) <= now)
            {
                changed |= await steps.TimeOutGateAsync(lease, stageId, stage.Gate?.OnTimeout == GateTimeoutAction.Approve, stopping);
            }
        }

        return changed;
    }

    /// <summary>Whether nothing but gates is left to wait for, judged on fresh steps inside the parking unit.</summary>
    public static bool OnlyGatesLeft(WorkflowDefinition definition, IReadOnlyDictionary<string, StepState> steps)
    {
        var decision = Scheduler.Decide(definition, steps, new HashSet<string>());
        return decision is { HaltError: null, Finished: null, Ready.Count: 0, Skip.Count: 0, Waiting.Count: > 0 };
    }
}
