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
    ExecutionStore store,
    ExecutionProcessor processor,
    ExecutionSignals signals,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<WorkflowRunner> logger)
{
    /// <summary>This runner's name, the prefix of its lease owners: unique per runner, so two runners in one process differ too.</summary>
    public string Owner { get; } = $"{ProcessIdentity.Id}/{Guid.NewGuid().ToString("N")[..6]}";

    public async Task RunAsync(CancellationToken stopping)
    {
        var active = new List<Task>();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var work = signals.NextWork();
                var claimedAny = await ClaimUpToCapacityAsync(active, stopping);
                active.RemoveAll(t => t.IsCompleted);
                if (claimedAny && active.Count < options.Value.MaxConcurrentExecutions)
                {
                    continue; // more may be waiting
                }

                var poll = Task.Delay(options.Value.PollInterval, time, stopping);
                await Task.WhenAny([.. active, active.Count < options.Value.MaxConcurrentExecutions ? work : Task.Delay(Timeout.Infinite, stopping), poll]);
                active.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        await Task.WhenAll(active);
    }

    private async Task<bool> ClaimUpToCapacityAsync(List<Task> active, CancellationToken stopping)
    {
        var claimedAny = false;
        while (active.Count(t => !t.IsCompleted) < options.Value.MaxConcurrentExecutions)
        {
            ClaimedExecution? claimed;
            try
            {
                // One owner per claim, not per runner: if this runner's own lease lapsed (a stall) and it claims the
                // execution again, the stale processor's writes must fail the lease check like anyone else's.
                claimed = await store.ClaimNextAsync($"{Owner}/{Guid.NewGuid().ToString("N")[..8]}", stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ClaimFailed(logger, e);
                return false;
            }

            if (claimed is null)
            {
                return claimedAny;
            }

            Log.Claimed(logger, claimed.Lease.Owner, claimed.Lease.ExecutionId);
            active.Add(Task.Run(() => processor.RunAsync(claimed, stopping), CancellationToken.None));
            claimedAny = true;
        }

        return claimedAny;
    }
}
