using Marketplace.Data;
using Marketplace.Data.WriteUnits;

namespace Marketplace.Workflows.Engine.Leasing;

/// <summary>
/// Runs a runner's write as one short write unit that first renews its lease with a conditional update; a runner that
/// lost its claim writes nothing and gets <see cref="LeaseLostException"/>. Renewing first also takes the job's row lock
/// on PostgreSQL, which serializes the unit with every other writer of the job.
/// </summary>
internal sealed class LeaseFence(IWriteUnitRunner writes, TimeProvider time)
{
    public Task<T> RunAsync<T>(
        ILeasedJobs jobs,
        Lease lease,
        LeaseUse use,
        TimeSpan duration,
        Func<MarketplaceDbContext, DateTimeOffset, CancellationToken, Task<T>> change,
        CancellationToken cancellationToken) =>
        writes.RunAsync(async (db, ct) =>
        {
            var now = time.GetUtcNow();
            return await jobs.RenewAsync(db, lease, use, now + duration, ct)
                ? await change(db, now, ct)
                : throw new LeaseLostException(lease.JobId);
        }, cancellationToken);

    /// <summary>Gives the job back (whatever its state) so another runner, or this one later, can claim it.</summary>
    public Task ReleaseAsync(ILeasedJobs jobs, Lease lease, CancellationToken cancellationToken) =>
        writes.RunAsync((db, ct) => jobs.ReleaseAsync(db, lease, ct), cancellationToken);
}
