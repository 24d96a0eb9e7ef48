using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Workflows.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// The runner of every leased job kind (<see cref="IJobKind"/>: workflow executions, imports, scans): claims jobs of
/// each kind through its <see cref="LeaseClaims"/> path, up to that kind's cap (<see cref="WorkflowOptions.MaxConcurrent"/>),
/// and runs each on its own task. Separate caps keep one kind from taking every slot: an execution waiting for its
/// child import never holds the slot the import needs. Idle, it waits for a local signal or the poll interval. On stop,
/// running jobs give their work back and release their leases.
/// </summary>
internal sealed class JobRunner(
    IEnumerable<IJobKind> kinds,
    JobSignals signals,
    LogThrottle throttle,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<JobRunner> logger)
{
    /// <summary>This runner's name, the prefix of its lease owners: unique per runner, so two runners in one process differ too.</summary>
    public string Owner { get; } = $"{ProcessIdentity.Id}/{Guid.NewGuid().ToString("N")[..6]}";

    public async Task RunAsync(CancellationToken stopping)
    {
        var active = kinds.ToDictionary(k => k, _ => new Dictionary<Guid, Task>());
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                using var work = signals.NextWork(); // taken before claiming, so work made meanwhile is not missed
                var claimedAny = false;
                var full = true;
                foreach (var (kind, jobs) in active)
                {
                    claimedAny |= await ClaimUpToCapacityAsync(kind, jobs, stopping);
                    Forget(jobs);
                    full &= jobs.Count >= options.Value.MaxConcurrent(kind.Name);
                }

                if (claimedAny && !full)
                {
                    continue; // more may be waiting
                }

                // Every kind full: wait for one of its jobs to end (or the poll); new work cannot be taken anyway.
                var poll = Task.Delay(options.Value.PollInterval, time, stopping);
                var running = active.Values.SelectMany(j => j.Values);
                await Task.WhenAny(full ? [.. running, poll] : [.. running, work.Task, poll]);
                foreach (var jobs in active.Values)
                {
                    Forget(jobs);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        await Task.WhenAll(active.Values.SelectMany(j => j.Values));
    }

    private async Task<bool> ClaimUpToCapacityAsync(IJobKind kind, Dictionary<Guid, Task> active, CancellationToken stopping)
    {
        var claimedAny = false;
        while (active.Values.Count(t => !t.IsCompleted) < options.Value.MaxConcurrent(kind.Name))
        {
            ClaimedJob? claimed;
            try
            {
                // Not the jobs this runner still drives: one whose first writes are slow (a cold process on a busy
                // machine) may see its lease lapse, and claiming it here again would only stop the run that drives it.
                // Its writes renew the lease (the owner is unchanged); other processes may still take it over.
                // One owner per claim, not per runner, so a run's writes never pass for a later claim's.
                claimed = await kind.ClaimNextAsync($"{Owner}/{Guid.NewGuid().ToString("N")[..8]}", [.. active.Keys], stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (throttle.TryPass($"claim:{kind.Name}", out var held))
                {
                    Log.ClaimFailed(logger, kind.Name, held, e);
                }

                return claimedAny;
            }

            if (claimed is null)
            {
                return claimedAny;
            }

            Log.Claimed(logger, kind.Name, claimed.Lease.Owner, claimed.Lease.JobId);
            active[claimed.Lease.JobId] = Task.Run(() => claimed.Run(stopping), CancellationToken.None);
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
