using System.Text.Json.Nodes;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Workflows.Definitions;
using Marketplace.Workflows.Diagnostics;
using Marketplace.Workflows.Expressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// Drives one claimed execution until it finishes, parks at a gate, or is taken away. It loops: re-read the stored
/// state, let the <see cref="Scheduler"/> decide, write each transition as its own unit, start ready stages (up to
/// <see cref="WorkflowOptions.MaxParallelStages"/>), then wait for a stage to end, a local signal, the control poll
/// or a gate deadline. Pause, cancel and a lost lease are seen at the next read and cancel the running handlers.
/// </summary>
internal sealed class ExecutionProcessor(
    ExecutionStore store,
    StageRunner stages,
    DefinitionCache definitions,
    ExecutionSignals signals,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<ExecutionProcessor> logger)
{
    /// <summary>How long the writes that leave a stopped execution resumable may take (a loaded machine can be slow).</summary>
    private static readonly TimeSpan WindDownBudget = TimeSpan.FromSeconds(30);

    public async Task RunAsync(ClaimedExecution claimed, CancellationToken stopping)
    {
        var lease = claimed.Lease;
        var running = new Dictionary<string, RunningStage>(StringComparer.Ordinal);
        var stop = StopReason.None;
        try
        {
            WorkflowDefinition definition;
            try
            {
                definition = definitions.Get(claimed.DefinitionHash, claimed.Definition);
            }
            catch (RequestValidationException e)
            {
                await store.FinishAsync(lease, ExecutionStatus.Failed, $"The definition cannot run in this process: {e.Message}", stopping);
                return;
            }

            var parameters = JsonNode.Parse(claimed.Parameters ?? "{}") as JsonObject ?? [];
            stop = await LoopAsync(lease, definition, parameters, running, stopping);
        }
        catch (LeaseLostException)
        {
            stop = await WhyRefusedAsync(lease);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            stop = StopReason.Shutdown;
        }
#pragma warning disable CA1031 // one execution's unexpected failure must not stop the runner; its lease lapses and it is retried
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.ExecutionCrashed(logger, lease.ExecutionId, e);
            stop = StopReason.Crashed;
        }

        await WindDownAsync(lease, running, stop);
    }

    private async Task<StopReason> LoopAsync(Lease lease, WorkflowDefinition definition, JsonObject parameters, Dictionary<string, RunningStage> running, CancellationToken stopping)
    {
        var settings = options.Value;
        var nextHeartbeat = time.GetUtcNow() + settings.HeartbeatInterval;
        while (true)
        {
            var changed = signals.NextControl(lease.ExecutionId); // taken before the read, so no change is missed
            var state = await store.ReadAsync(lease.ExecutionId, stopping);
            if (state is null || state.LeaseOwner != lease.Owner)
            {
                return StopReason.LeaseLost;
            }

            if (state.Status != ExecutionStatus.Running)
            {
                return state.Status == ExecutionStatus.Paused ? StopReason.Paused : StopReason.Cancelled;
            }

            var now = time.GetUtcNow();
            if (await TimeOutGatesAsync(lease, definition, state, now, stopping))
            {
                continue;
            }

            var decision = Scheduler.Decide(definition, state.Steps, running.Keys.ToHashSet(StringComparer.Ordinal));
            if (decision.HaltError is not null)
            {
                if (running.Count == 0)
                {
                    await store.FinishAsync(lease, ExecutionStatus.Failed, decision.HaltError, stopping);
                    return StopReason.Finished;
                }

                foreach (var stage in running.Values)
                {
                    await stage.Cancellation.CancelAsync();
                }
            }
            else if (decision.Skip.Count > 0)
            {
                await store.SkipStepsAsync(lease, [.. decision.Skip.Select(s => (s.StageId, (string?)s.Reason, s.Reason))], stopping);
                continue;
            }
            else if (decision.Finished is { } status)
            {
                await store.FinishAsync(lease, status, status == ExecutionStatus.Failed ? FailureSummary(definition, state) : null, stopping);
                return StopReason.Finished;
            }
            else if (await StartReadyAsync(lease, definition, parameters, state, decision, running, stopping))
            {
                continue;
            }
            else if (running.Count == 0 && decision.Waiting.Count > 0)
            {
                var deadline = decision.Waiting.Select(s => GateDeadline(s, state.Steps[s.Id])).Where(d => d is not null).Min();
                if (await store.ParkAsync(lease, steps => StillWaiting(definition, steps), deadline, stopping))
                {
                    return StopReason.Parked;
                }

                continue;
            }

            var wait = Min(settings.ControlPollInterval, nextHeartbeat - now, NextGateDeadline(decision, state) - now);
            var tick = Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stopping);
            await Task.WhenAny([.. running.Values.Select(r => (Task)r.Run), changed, tick]);
            stopping.ThrowIfCancellationRequested();
            await HarvestAsync(lease, running, stopping);
            if (time.GetUtcNow() >= nextHeartbeat)
            {
                await store.RenewAsync(lease, stopping);
                nextHeartbeat = time.GetUtcNow() + settings.HeartbeatInterval;
            }
        }
    }

    /// <summary>Starts ready stages up to the cap. True when a false condition skipped a stage, so the state must be read again.</summary>
    private async Task<bool> StartReadyAsync(Lease lease, WorkflowDefinition definition, JsonObject parameters, ExecutionState state, Decision decision, Dictionary<string, RunningStage> running, CancellationToken stopping)
    {
        var scope = Scope(parameters, state);
        foreach (var stage in decision.Ready.Take(options.Value.MaxParallelStages - running.Count))
        {
            if (stage.Condition is not null && Template.IsSingleExpression(stage.Condition, out var condition)
                && !Expression.IsTruthy(ExpressionParser.Parse(condition).Evaluate(scope)))
            {
                await store.SkipStepsAsync(lease, [(stage.Id, null, $"condition {stage.Condition} is false")], stopping);
                return true;
            }

            var inputs = Template.Resolve(stage.Inputs, scope) as JsonObject ?? [];
            var attempt = await store.StartStepAsync(lease, stage.Id, inputs, stopping);
            var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            running[stage.Id] = new RunningStage(stages.RunAsync(lease, stage, inputs, attempt, cancellation.Token), cancellation);
        }

        return false;
    }

    /// <summary>A write was refused: paused or cancelled under this runner, or really taken away.</summary>
    private async Task<StopReason> WhyRefusedAsync(Lease lease)
    {
        try
        {
            var state = await store.ReadAsync(lease.ExecutionId, CancellationToken.None);
            return state?.LeaseOwner != lease.Owner ? StopReason.LeaseLost
                : state.Status == ExecutionStatus.Paused ? StopReason.Paused
                : StopReason.Cancelled;
        }
#pragma warning disable CA1031 // cannot tell: behave as if the lease is gone (write nothing; it lapses)
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.RefusalUnreadable(logger, lease.ExecutionId, e);
            return StopReason.LeaseLost;
        }
    }

    private async Task HarvestAsync(Lease lease, Dictionary<string, RunningStage> running, CancellationToken stopping)
    {
        foreach (var (stageId, stage) in running.Where(r => r.Value.Run.IsCompleted).ToList())
        {
            running.Remove(stageId);
            stage.Cancellation.Dispose();
            var outcome = await stage.Run; // a LeaseLostException from a retry record surfaces here
            switch (outcome.Kind)
            {
                case StageOutcomeKind.Completed:
                    await store.CompleteStepAsync(lease, stageId, outcome.Outputs, outcome.FromCache, stopping);
                    break;
                case StageOutcomeKind.AwaitsApproval:
                    await store.AwaitApprovalAsync(lease, stageId, stopping);
                    break;
                case StageOutcomeKind.Failed or StageOutcomeKind.TimedOut:
                    await store.FailStepAsync(lease, stageId, outcome.Kind == StageOutcomeKind.TimedOut, outcome.Error ?? "failed", stopping);
                    break;
                default:
                    // Interrupted by a halt: the finishing unit marks it cancelled.
                    break;
            }
        }
    }

    private async Task<bool> TimeOutGatesAsync(Lease lease, WorkflowDefinition definition, ExecutionState state, DateTimeOffset now, CancellationToken stopping)
    {
        var changed = false;
        foreach (var (stageId, step) in state.Steps.Where(s => s.Value.Status == StepStatus.WaitingForApproval))
        {
            var stage = definition.Stage(stageId);
            if (GateDeadline(stage, step) <= now)
            {
                changed |= await store.TimeOutGateAsync(lease, stageId, stage.Gate?.OnTimeout == GateTimeoutAction.Approve, stopping);
            }
        }

        return changed;
    }

    /// <summary>Stops what still runs here and leaves the execution in a state any runner can continue from.</summary>
    private async Task WindDownAsync(Lease lease, Dictionary<string, RunningStage> running, StopReason stop)
    {
        foreach (var stage in running.Values)
        {
            await stage.Cancellation.CancelAsync();
        }

        var outcomes = new Dictionary<string, StageOutcome>(StringComparer.Ordinal);
        foreach (var (stageId, stage) in running)
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

        if (stop is StopReason.Finished or StopReason.Parked or StopReason.LeaseLost or StopReason.Cancelled)
        {
            if (stop == StopReason.LeaseLost)
            {
                Log.LeaseLost(logger, lease.ExecutionId);
            }

            if (stop == StopReason.Cancelled)
            {
                await TryAsync(lease, () => store.ReleaseAsync(lease, CancellationToken.None));
            }

            return;
        }

        // Paused, shutting down or crashed: keep work that finished, put the rest back to pending, and let go.
        // Not the lease: a paused execution is never claimed again, so these writes are what leaves it resumable.
        using var timeout = new CancellationTokenSource(WindDownBudget);
        foreach (var (stageId, outcome) in outcomes.Where(o => o.Value.Kind == StageOutcomeKind.Completed))
        {
            await TryAsync(lease, () => store.CompleteStepAsync(lease, stageId, outcome.Outputs, outcome.FromCache, timeout.Token));
        }

        var interrupted = outcomes.Where(o => o.Value.Kind != StageOutcomeKind.Completed).Select(o => o.Key).ToList();
        if (interrupted.Count > 0)
        {
            await TryAsync(lease, () => store.InterruptStepsAsync(lease, interrupted, WireName.Of(stop), timeout.Token));
        }

        await TryAsync(lease, () => store.ReleaseAsync(lease, timeout.Token));
    }

    private async Task TryAsync(Lease lease, Func<Task> write)
    {
        try
        {
            await write();
        }
#pragma warning disable CA1031 // best effort while letting go: if it fails, the lease lapses and the next runner recovers
        catch (Exception e) when (e is not LeaseLostException)
#pragma warning restore CA1031
        {
            Log.WindDownWriteFailed(logger, lease.ExecutionId, e);
        }
        catch (LeaseLostException)
        {
        }
    }

    private static bool StillWaiting(WorkflowDefinition definition, IReadOnlyDictionary<string, StepState> steps)
    {
        var decision = Scheduler.Decide(definition, steps, new HashSet<string>());
        return decision is { HaltError: null, Finished: null, Ready.Count: 0, Skip.Count: 0, Waiting.Count: > 0 };
    }

    private static DateTimeOffset? GateDeadline(StageDefinition stage, StepState step) =>
        stage.Gate?.Timeout is { } timeout && step.StartedAt is { } started ? started + timeout : null;

    private static DateTimeOffset NextGateDeadline(Decision decision, ExecutionState state) =>
        decision.Waiting.Select(s => GateDeadline(s, state.Steps[s.Id])).Where(d => d is not null).Min() ?? DateTimeOffset.MaxValue;

    private static TimeSpan Min(params TimeSpan[] values) => values.Min();

    private static ExpressionScope Scope(JsonObject parameters, ExecutionState state) =>
        new(parameters, state.Steps.ToDictionary(
            s => s.Key,
            s => new StageValues(WireName.Of(s.Value.Status), s.Value.Outputs is null ? null : JsonNode.Parse(s.Value.Outputs)),
            StringComparer.Ordinal));

    private static string FailureSummary(WorkflowDefinition definition, ExecutionState state) =>
        "Failed stages: " + string.Join(", ", definition.Stages.Where(s => Scheduler.IsFailure(state.Steps[s.Id].Status)).Select(s => $"{s.Id} ({state.Steps[s.Id].Error})"));

    private sealed record RunningStage(Task<StageOutcome> Run, CancellationTokenSource Cancellation);

    private enum StopReason
    {
        None,
        Finished,
        Parked,
        Paused,
        Cancelled,
        LeaseLost,
        Shutdown,
        Crashed,
    }
}
