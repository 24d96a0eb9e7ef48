using Marketplace.Data.WriteUnits;

namespace Marketplace.Data.Jobs;

/// <summary>
/// Runs a runner's write as one write unit that first renews its lease with a conditional update; a runner that lost
/// its claim writes nothing and gets <see cref="LeaseLostException"/>. Renewing first also takes the job's row lock on
/// PostgreSQL, which serializes the unit with every other writer of the job (and so its event appends). Every write of
/// every leased job goes through here: transitions of executions, batches of imports, the heartbeat of each.
/// </summary>
public sealed class LeaseFence(IWriteUnitRunner writes, TimeProvider time)
{
    /// <summary>An interactive fenced unit (a transition, a heartbeat): served first at the write gate.</summary>
    public Task<T> RunAsync<T>(
        ILeasedJobs jobs,
        Lease lease,
        LeaseUse use,
        TimeSpan duration,
        Func<MarketplaceDbContext, DateTimeOffset, CancellationToken, Task<T>> change,
        CancellationToken cancellationToken) =>
        writes.RunAsync(Fenced(jobs, lease, use, duration, change), cancellationToken);

    /// <summary>A fenced unit at <paramref name="priority"/> (an import batch is bulk), with its attempts and timings.</summary>
    public Task<WriteUnitResult<T>> ExecuteAsync<T>(
        ILeasedJobs jobs,
        Lease lease,
        LeaseUse use,
        TimeSpan duration,
        Func<MarketplaceDbContext, DateTimeOffset, CancellationToken, Task<T>> change,
        WriteUnitPriority priority,
        CancellationToken cancellationToken) =>
        writes.ExecuteAsync(Fenced(jobs, lease, use, duration, change), priority, cancellationToken);

    /// <summary>Renews the lease and nothing else (the heartbeat of a job whose own writes are far apart).</summary>
    public Task RenewAsync(ILeasedJobs jobs, Lease lease, LeaseUse use, TimeSpan duration, CancellationToken cancellationToken) =>
        RunAsync(jobs, lease, use, duration, (_, _, _) => Task.FromResult(true), cancellationToken);

    /// <summary>Gives the job back (whatever its state) so another runner, or this one later, can claim it.</summary>
    public Task ReleaseAsync(ILeasedJobs jobs, Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return writes.RunAsync((db, ct) => jobs.ReleaseAsync(db, lease, ct), cancellationToken);
    }

    private Func<MarketplaceDbContext, CancellationToken, Task<T>> Fenced<T>(
        ILeasedJobs jobs, Lease lease, LeaseUse use, TimeSpan duration,
        Func<MarketplaceDbContext, DateTimeOffset, CancellationToken, Task<T>> change)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(change);
        return async (db, ct) =>
        {
            var now = time.GetUtcNow();
            return await jobs.RenewAsync(db, lease, use, now + duration, ct)
                ? await change(db, now, ct)
                : throw new LeaseLostException(lease.JobId);
        };
    }
}
