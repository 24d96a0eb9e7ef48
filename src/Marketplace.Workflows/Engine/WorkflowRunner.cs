using Marketplace.Data;
using Marketplace.Workflows.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// Claims executions (up to <see cref="WorkflowOptions.MaxConcurrentExecutions"/> at once) and runs each on an
/// <see cref="ExecutionProcessor"/>. Idle, it waits for a local signal or the poll interval. On stop, running
/// executions put their steps back to pending and release their leases.
/// </summary>
internal sealed class WorkflowRunner(
    ExecutionClaims claims,
    ExecutionProcessor processor,
    ExecutionSignals signals,
    LogThrottle throttle,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<WorkflowRunner> logger)
{
    /// <summary>This runner's name, the prefix of its lease owners: unique per runner, so two runners in one process differ too.</summary>
    public string Owner { get; } = $"{ProcessIdentity.Id}/{Guid.NewGuid().ToString("N")[..6]}";

    public async Task RunAsync(CancellationToken stopping)
    {
        var active = new Dictionary<Guid, Task>();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                using var work = signals.NextWork(); // taken before claiming, so work made meanwhile is not missed
                var claimedAny = await ClaimUpToCapacityAsync(active, stopping);
                Forget(active);
                var full = active.Count >= options.Value.MaxConcurrentExecutions;
                if (claimedAny && !full)
                {
                    continue; // more may be waiting
                }

                // Full, it waits for one of its executions to end (or the poll); new work cannot be taken anyway.
                var poll = Task.Delay(options.Value.PollInterval, time, stopping);
                await Task.WhenAny(full ? [.. active.Values, poll] : [.. active.Values, work.Task, poll]);
                Forget(active);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        await Task.WhenAll(active.Values);
    }

    private async Task<bool> ClaimUpToCapacityAsync(Dictionary<Guid, Task> active, CancellationToken stopping)
    {
        var claimedAny = false;
        while (active.Values.Count(t => !t.IsCompleted) < options.Value.MaxConcurrentExecutions)
        {
            ClaimedExecution? claimed;
            try
            {
                // Not the executions this runner still drives: one whose first writes are slow (a cold process on a
                // busy machine) may see its lease lapse, and claiming it here again would only stop the processor that
                // runs it. Its writes renew the lease (the owner is unchanged); other processes may still take it over.
                // One owner per claim, not per runner, so a processor's writes never pass for a later claim's.
                claimed = await claims.ClaimNextAsync($"{Owner}/{Guid.NewGuid().ToString("N")[..8]}", [.. active.Keys], stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (throttle.TryPass("claim", out var held))
                {
                    Log.ClaimFailed(logger, held, e);
                }

                return false;
            }

            if (claimed is null)
            {
                return claimedAny;
            }

            Log.Claimed(logger, claimed.Lease.Owner, claimed.Lease.JobId);
            active[claimed.Lease.JobId] = Task.Run(() => processor.RunAsync(claimed, stopping), CancellationToken.None);
            claimedAny = true;
        }

        return claimedAny;
    }

    private static void Forget(Dictionary<Guid, Task> active)
    {
        foreach (var done in active.Where(a => a.Value.IsCompleted).Select(a => a.Key).ToList())
        {
            active.Remove(done);
        }
    }
}
