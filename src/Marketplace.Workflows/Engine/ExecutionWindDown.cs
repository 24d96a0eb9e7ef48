using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Workflows.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// What a processor does once it stops driving its execution: stop what still runs here and leave the execution in a
/// state any runner can continue from — or, after a run that crashed, let it go only until a back-off has passed.
/// </summary>
internal sealed class ExecutionWindDown(StepTransitions steps, ExecutionTransitions executions, ILogger<ExecutionWindDown> logger)
{
    /// <summary>How long the writes that leave a stopped execution resumable may take (a loaded machine can be slow).</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    public async Task RunAsync(Lease lease, RunningStages running, StopReason stop, Exception? crash)
    {
        var outcomes = await running.StopAsync();
        if (stop is StopReason.Finished or StopReason.Parked or StopReason.LeaseLost or StopReason.Cancelled)
        {
            if (stop == StopReason.LeaseLost)
            {
                Log.LeaseLost(logger, lease.JobId);
            }

            if (stop == StopReason.Cancelled)
            {
                await TryAsync(lease, () => executions.ReleaseAsync(lease, CancellationToken.None));
            }

            return;
        }

        // Paused, shutting down or crashed: keep work that finished, put the rest back to pending, and let go.
        // Not the lease: a paused execution is never claimed again, so these writes are what leaves it resumable.
        using var timeout = new CancellationTokenSource(Budget);
        foreach (var (stageId, outcome) in outcomes.Where(o => o.Value.Kind == StageOutcomeKind.Completed))
        {
            await TryAsync(lease, () => steps.CompleteAsync(lease, stageId, outcome.Outputs, outcome.FromCache, timeout.Token));
        }

        var interrupted = outcomes.Where(o => o.Value.Kind != StageOutcomeKind.Completed).Select(o => o.Key).ToList();
        if (interrupted.Count > 0)
        {
            await TryAsync(lease, () => steps.InterruptAsync(lease, interrupted, WireName.Of(stop), timeout.Token));
        }

        if (stop == StopReason.Crashed)
        {
            await BackOffAsync(lease, crash?.Message ?? "unknown error", timeout.Token);
            return;
        }

        await TryAsync(lease, () => executions.ReleaseAsync(lease, timeout.Token));
    }

    /// <summary>
    /// Lets go until a back-off passes, or fails the execution after too many such runs. Never a plain release: that
    /// would let this runner claim it again at once. If even this write fails, the lease lapses — a back-off too.
    /// </summary>
    private async Task BackOffAsync(Lease lease, string error, CancellationToken cancellationToken)
    {
        try
        {
            if (await executions.BackOffAsync(lease, error, cancellationToken))
            {
                Log.ExecutionGaveUp(logger, lease.JobId);
            }
        }
        catch (LeaseLostException)
        {
            // Paused or cancelled meanwhile: no runner claims it, so letting go is safe and keeps a resume immediate.
            await TryAsync(lease, () => executions.ReleaseAsync(lease, cancellationToken));
        }
#pragma warning disable CA1031 // best effort while letting go: the lease lapses and the next runner recovers
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.WindDownWriteFailed(logger, lease.JobId, e);
        }
    }

    private async Task TryAsync(Lease lease, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (LeaseLostException)
        {
        }
#pragma warning disable CA1031 // best effort while letting go: if it fails, the lease lapses and the next runner recovers
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.WindDownWriteFailed(logger, lease.JobId, e);
        }
    }
}
