using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Data.Jobs;

/// <summary>
/// Claiming the next job of a kind: a plain read first (an idle runner polls without taking the write lock), then one
/// write unit that picks the oldest claimable job, takes it conditionally (another runner may win it) and lets the
/// caller do what a claim of its kind does in the same unit. <c>except</c> names jobs the caller runs already.
/// The one claim path of every leased job: workflow executions, imports and scans alike.
/// </summary>
public sealed class LeaseClaims(IDbContextFactory<MarketplaceDbContext> contexts, IWriteUnitRunner writes, TimeProvider time)
{
    public async Task<T?> ClaimNextAsync<T>(
        ILeasedJobs jobs,
        string owner,
        TimeSpan duration,
        IReadOnlyCollection<Guid> except,
        Func<MarketplaceDbContext, Lease, DateTimeOffset, CancellationToken, Task<T>> claimed,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(claimed);
        await using (var read = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (!await jobs.AnyClaimableAsync(read, time.GetUtcNow(), except, cancellationToken))
            {
                return null;
            }
        }

        return await writes.RunAsync(async (db, ct) =>
        {
            var now = time.GetUtcNow();
            if (await jobs.NextClaimableAsync(db, now, except, ct) is not { } id
                || !await jobs.TakeAsync(db, id, owner, now, now + duration, ct))
            {
                return null;
            }

            return await claimed(db, new Lease(id, owner), now, ct);
        }, cancellationToken);
    }
}
