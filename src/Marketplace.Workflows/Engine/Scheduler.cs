using Marketplace.Data.Model;
using Marketplace.Workflows.Definitions;
using Marketplace.Workflows.Engine.States;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// What to do next, decided from the stored step states alone, so any runner (a fresh one taking over, or one that
/// sees a gate decided by the API) reaches the same answer. Rules:
/// a dependency is satisfied when it completed, was skipped by its condition, or failed under <c>continue</c>;
/// a pending stage is skipped when a dependency failed under <c>skip_dependents</c>, was skipped because of a failure,
/// or was cancelled; a failure under <c>halt</c> stops the execution; the execution is finished when every step is in
/// a final state of <see cref="Transitions.Steps"/>.
/// </summary>
internal static class Scheduler
{
    public static Decision Decide(WorkflowDefinition definition, IReadOnlyDictionary<string, StepState> steps,
        IReadOnlySet<string> runningHere)
    {
        var halt = definition.Stages.FirstOrDefault(s => Transitions.IsFailure(steps[s.Id].Status)
            && s.ErrorPolicy.OnFailure == FailureAction.Halt);
        if (halt is not null)
        {
            return new Decision([], [], [], null, $"Stage '{halt.Id}' failed: {steps[halt.Id].Error}");
        }

        var ready = new List<StageDefinition>();
        var skip = new List<(string, string)>();
        foreach (var stage in definition.Stages.Where(s => steps[s.Id].Status == StepStatus.Pending && !runningHere.Contains(s.Id)))
        {
            var blocking = stage.DependsOn.FirstOrDefault(d => Blocks(definition.Stage(d), steps[d]));
            if (blocking is not null)
            {
                skip.Add((stage.Id, $"Skipped: dependency '{blocking}' did not succeed."));
            }
            else if (stage.DependsOn.All(d => Satisfies(definition.Stage(d), steps[d])))
            {
                ready.Add(stage);
            }
        }

        var waiting = definition.Stages.Where(s => steps[s.Id].Status == StepStatus.WaitingForApproval).ToList();
        ExecutionStatus? finished = null;
        if (runningHere.Count == 0 && skip.Count == 0 && steps.Values.All(s => Transitions.Steps.IsFinal(s.Status)))
        {
            var failed = definition.Stages.Any(s => Transitions.IsFailure(steps[s.Id].Status)
                && s.ErrorPolicy.OnFailure != FailureAction.Continue);
            finished = failed ? ExecutionStatus.Failed : ExecutionStatus.Completed;
        }

        return new Decision(ready, skip, waiting, finished, null);
    }

    private static bool Satisfies(StageDefinition stage, StepState step) => step.Status switch
    {
        StepStatus.Completed => true,
        StepStatus.Skipped => step.Error is null,
        StepStatus.Failed or StepStatus.TimedOut => stage.ErrorPolicy.OnFailure == FailureAction.Continue,
        _ => false,
    };

    private static bool Blocks(StageDefinition stage, StepState step) => step.Status switch
    {
        StepStatus.Skipped => step.Error is not null,
        StepStatus.Failed or StepStatus.TimedOut => stage.ErrorPolicy.OnFailure != FailureAction.Continue,
        StepStatus.Cancelled => true,
        _ => false,
    };
}
