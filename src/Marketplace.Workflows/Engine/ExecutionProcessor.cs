using System.Text.Json.Nodes;
using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Workflows.Definitions;
using Marketplace.Workflows.Diagnostics;
using Marketplace.Workflows.Expressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// Drives one claimed execution until it finishes, parks at a gate, or is taken away. It loops: re-read the stored
/// state, let the <see cref="Scheduler"/> decide, write each transition as its own unit, start ready stages
/// (<see cref="RunningStages"/>), then wait for a stage to end, a local signal, the control poll, the heartbeat or a
/// gate deadline (<see cref="GateDeadlines"/>). Pause, cancel and a lost lease are seen at the next read and cancel the
/// running handlers; <see cref="ExecutionWindDown"/> leaves the execution for the next runner.
/// </summary>
internal sealed class ExecutionProcessor(
    ExecutionTransitions executions,
    StepTransitions steps,
    StageRunner stages,
    ExecutionWindDown windDown,
    DefinitionCache definitions,
    JobSignals signals,
    LogThrottle throttle,
    IOptions<WorkflowOptions> options,
    IOptions<WorkflowLimits> limits,
    TimeProvider time,
    ILogger<ExecutionProcessor> logger)
{
    public async Task RunAsync(ClaimedExecution claimed, CancellationToken stopping)
    {
        var lease = claimed.Lease;
        var running = new RunningStages(lease, steps, stages, ExpressionLimits.From(limits.Value), options.Value.MaxParallelStages);
        var stop = StopReason.None;
        Exception? crash = null;
        try
        {
            WorkflowDefinition definition;
            try
            {
                definition = definitions.Get(claimed.DefinitionHash, claimed.Definition);
            }
            catch (RequestValidationException e)
            {
                // Deterministic: no later run reads it differently, so no retries.
                await executions.FinishAsync(lease, ExecutionStatus.Failed,
                    $"The definition cannot run in this process: {e.Message}", stopping);
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
#pragma warning disable CA1031 // one execution's unexpected failure must not stop the runner: it backs off, and fails after a few
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (throttle.TryPass($"crash:{e.GetType().FullName}:{e.Message}", out var held))
            {
                Log.ExecutionCrashed(logger, lease.JobId, held, e);
            }

            (stop, crash) = (StopReason.Crashed, e);
        }

        await windDown.RunAsync(lease, running, stop, crash);
    }

    private async Task<StopReason> LoopAsync(
        Lease lease, WorkflowDefinition definition, JsonObject parameters, RunningStages running, CancellationToken stopping)
    {
        var settings = options.Value;
        var heartbeat = new Heartbeat(settings.HeartbeatInterval, time);
        while (true)
        {
            using var changed = signals.NextControl(lease.JobId); // taken before the read, so no change is missed
            var state = await executions.ReadAsync(lease.JobId, stopping);
            if (state is null || state.LeaseOwner != lease.Owner)
            {
                return StopReason.LeaseLost;
            }

            if (state.Status != ExecutionStatus.Running)
            {
                return state.Status == ExecutionStatus.Paused ? StopReason.Paused : StopReason.Cancelled;
            }

            var now = time.GetUtcNow();
            if (await GateDeadlines.TimeOutOverdueAsync(steps, lease, definition, state, now, stopping))
            {
                continue;
            }

            var decision = Scheduler.Decide(definition, state.Steps, running.Ids);
            if (decision.HaltError is not null)
            {
                if (running.Count == 0)
                {
                    await executions.FinishAsync(lease, ExecutionStatus.Failed, decision.HaltError, stopping);
                    return StopReason.Finished;
                }

                await running.CancelAllAsync();
            }
            else if (decision.Skip.Count > 0)
            {
                await steps.SkipAsync(lease, [.. decision.Skip.Select(s => (s.StageId, (string?)s.Reason, s.Reason))], stopping);
                continue;
            }
            else if (decision.Finished is { } status)
            {
                var error = status == ExecutionStatus.Failed ? FailureSummary(definition, state) : null;
                await executions.FinishAsync(lease, status, error, stopping);
                return StopReason.Finished;
            }
            else if (await running.StartReadyAsync(definition, parameters, state, decision, stopping))
            {
                continue;
            }
            else if (running.Count == 0 && decision.Waiting.Count > 0)
            {
                var deadline = GateDeadlines.Earliest(decision, state);
                if (await executions.ParkAsync(lease, fresh => GateDeadlines.OnlyGatesLeft(definition, fresh), deadline, stopping))
                {
                    return StopReason.Parked;
                }

                continue;
            }

            var untilGate = (GateDeadlines.Earliest(decision, state) ?? DateTimeOffset.MaxValue) - now;
            var wait = new[] { settings.ControlPollInterval, heartbeat.Left, untilGate }.Min();
            await Task.WhenAny([.. running.Tasks, changed.Task, Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stopping)]);
            stopping.ThrowIfCancellationRequested();
            await running.HarvestAsync(stopping);
            if (heartbeat.Due)
            {
                await executions.RenewAsync(lease, stopping);
                heartbeat.Renewed();
            }
        }
    }

    /// <summary>A write was refused: paused or cancelled under this runner, or really taken away.</summary>
    private async Task<StopReason> WhyRefusedAsync(Lease lease)
    {
        try
        {
            var state = await executions.ReadAsync(lease.JobId, CancellationToken.None);
            return state?.LeaseOwner != lease.Owner ? StopReason.LeaseLost
                : state.Status == ExecutionStatus.Paused ? StopReason.Paused
                : StopReason.Cancelled;
        }
#pragma warning disable CA1031 // cannot tell: behave as if the lease is gone (write nothing; it lapses)
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.RefusalUnreadable(logger, lease.JobId, e);
            return StopReason.LeaseLost;
        }
    }

    private static string FailureSummary(WorkflowDefinition definition, ExecutionState state) =>
        "Failed stages: " + string.Join(", ", definition.Stages
            .Where(s => States.Transitions.IsFailure(state.Steps[s.Id].Status))
            .Select(s => $"{s.Id} ({state.Steps[s.Id].Error})"));
}
