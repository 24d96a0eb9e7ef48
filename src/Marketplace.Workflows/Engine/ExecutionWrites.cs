using System.Diagnostics;
using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Workflows.Diagnostics;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// A runner's write for one execution: a fenced unit (<see cref="LeaseFence"/> over <see cref="ExecutionLeases"/>) that
/// appends its events in the same transaction, then — committed — times the transition and wakes local listeners.
/// </summary>
internal sealed class ExecutionWrites(
    LeaseFence fence,
    ExecutionLeases leases,
    JobSignals signals,
    WorkflowMetrics metrics,
    IOptions<WorkflowOptions> options)
{
    public async Task<T> FencedAsync<T>(
        Lease lease,
        LeaseUse use,
        Func<MarketplaceDbContext, DateTimeOffset, CancellationToken, Task<(T Value, NewExecutionEvent[] Events)>> change,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (value, appended) = await fence.RunAsync(leases, lease, use, options.Value.LeaseDuration, async (db, now, ct) =>
        {
            var (value, events) = await change(db, now, ct);
            if (events.Length > 0)
            {
                await ExecutionEvents.AppendAsync(db, lease.JobId, now, ct, events);
            }

            return (value, events.Length > 0);
        }, cancellationToken);
        metrics.Transition(Stopwatch.GetElapsedTime(started));
        if (appended)
        {
            signals.EventsAppended(lease.JobId);
        }

        return value;
    }

    /// <summary>Gives the execution back (whatever its status) so another runner, or this one later, can claim it.</summary>
    public async Task ReleaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        await fence.ReleaseAsync(leases, lease, cancellationToken);
        signals.EventsAppended(lease.JobId);
        signals.WorkAvailable();
    }
}
