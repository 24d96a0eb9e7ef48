using System.Text.Json.Nodes;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Workflows.Definitions;
using Marketplace.Workflows.Expressions;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// The stages one processor runs for its execution, by stage id: started (their conditions and inputs resolved) up to
/// <see cref="WorkflowOptions.MaxParallelStages"/>, their outcomes recorded as they end, all stopped at the end.
/// </summary>
internal sealed class RunningStages(Lease lease, StepTransitions steps, StageRunner runner, ExpressionLimits limits, int maxParallel)
{
    private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);

    public int Count => _running.Count;

    public IReadOnlySet<string> Ids => _running.Keys.ToHashSet(StringComparer.Ordinal);

    public IEnumerable<Task> Tasks => _running.Values.Select(r => (Task)r.Run);

    /// <summary>Starts ready stages up to the cap. True when a false condition skipped a stage, so the state must be read again.</summary>
    public async Task<bool> StartReadyAsync(WorkflowDefinition definition, JsonObject parameters, ExecutionState state,
        Decision decision, CancellationToken stopping)
    {
        var scope = Scope(parameters, state);
        foreach (var stage in decision.Ready.Take(maxParallel - _running.Count))
        {
            if (stage.Condition is not null && Template.IsSingleExpression(stage.Condition, out var condition)
                && !Expression.IsTruthy(ExpressionParser.Parse(condition, limits).Evaluate(scope)))
            {
                await steps.SkipAsync(lease, [(stage.Id, null, $"condition {stage.Condition} is false")], stopping);
                return true;
            }

            var inputs = Template.Resolve(stage.Inputs, scope, limits) as JsonObject ?? [];
            var attempt = await steps.StartAsync(lease, stage.Id, inputs, stopping);
            var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _running[stage.Id] = new Running(runner.RunAsync(lease, stage, inputs, attempt, cancellation.Token), cancellation);
        }

        return false;
    }

    /// <summary>Records the outcome of every stage that ended.</summary>
    public async Task HarvestAsync(CancellationToken stopping)
    {
        foreach (var (stageId, stage) in _running.Where(r => r.Value.Run.IsCompleted).ToList())
        {
            _running.Remove(stageId);
            stage.Cancellation.Dispose();
            var outcome = await stage.Run; // a LeaseLostException from a retry record surfaces here
            switch (outcome.Kind)
            {
                case StageOutcomeKind.Completed:
                    await steps.CompleteAsync(lease, stageId, outcome.Outputs, outcome.FromCache, stopping);
                    break;
                case StageOutcomeKind.AwaitsApproval:
                    await steps.AwaitApprovalAsync(lease, stageId, stopping);
                    break;
                case StageOutcomeKind.Failed or StageOutcomeKind.TimedOut:
                    await steps.FailAsync(lease, stageId, outcome.Kind == StageOutcomeKind.TimedOut, outcome.Error ?? "failed", stopping);
                    break;
                default:
                    // Interrupted by a halt: the finishing unit marks it cancelled.
                    break;
            }
        }
    }

    /// <summary>Cancels every running handler (a halt); they end as interrupted.</summary>
    public async Task CancelAllAsync()
    {
        foreach (var stage in _running.Values)
        {
            await stage.Cancellation.CancelAsync();
        }
    }

    /// <summary>Stops every stage and waits for it: how each ended (its own error, now that it was stopped, no longer matters).</summary>
    public async Task<Dictionary<string, StageOutcome>> StopAsync()
    {
        await CancelAllAsync();
        var outcomes = new Dictionary<string, StageOutcome>(StringComparer.Ordinal);
        foreach (var (stageId, stage) in _running)
        {
            try
            {
                outcomes[stageId] = await stage.Run;
            }
#pragma warning disable CA1031 // the stage was being stopped; its own error no longer matters
            catch (Exception)
#pragma warning restore CA1031
            {
                outcomes[stageId] = new StageOutcome(StageOutcomeKind.Interrupted);
            }

            stage.Cancellation.Dispose();
        }

        _running.Clear();
        return outcomes;
    }

    private static ExpressionScope Scope(JsonObject parameters, ExecutionState state) =>
        new(parameters, state.Steps.ToDictionary(
            s => s.Key,
            s => new StageValues(WireName.Of(s.Value.Status), s.Value.Outputs is null ? null : JsonNode.Parse(s.Value.Outputs)),
            StringComparer.Ordinal));

    private sealed record Running(Task<StageOutcome> Run, CancellationTokenSource Cancellation);
}
