using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// <c>import_jobs</c> as leased jobs. Claimable: no live lease, in a state <see cref="ImportTrigger.Claim"/> applies to,
/// and not backing off. Imports have no pause, so every fenced write needs the job still running under the lease.
/// </summary>
internal sealed class ImportJobLeases : ILeasedJobs
{
    private static readonly ImportStatus[] Claimable = ImportTransitions.Table.From(ImportTrigger.Claim);
    private static readonly ImportStatus Running = ImportTransitions.Table.To(ImportTrigger.Claim);
    private static readonly ImportStatus Released = ImportTransitions.Table.To(ImportTrigger.Release);

    public Task<bool> AnyClaimableAsync(MarketplaceDbContext db, DateTimeOffset now, IReadOnlyCollection<Guid> except,
        CancellationToken cancellationToken) =>
        Due(db, now).Where(j => !except.Contains(j.Id)).AnyAsync(cancellationToken);

    public async Task<Guid?> NextClaimableAsync(MarketplaceDbContext db, DateTimeOffset now, IReadOnlyCollection<Guid> except,
        CancellationToken cancellationToken) =>
        await Due(db, now).Where(j => !except.Contains(j.Id)).OrderBy(j => j.CreatedAt).Select(j => (Guid?)j.Id)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<bool> TakeAsync(MarketplaceDbContext db, Guid jobId, string owner, DateTimeOffset now, DateTimeOffset until,
        CancellationToken cancellationToken) =>
        // Conditional on still being claimable: on a multi-writer database another runner may have won it.
        await Due(db, now).Where(j => j.Id == jobId).ExecuteUpdateAsync(u => u
            .SetProperty(j => j.Status, Running)
            .SetProperty(j => j.LeaseOwner, owner)
            .SetProperty(j => j.LeaseExpiresAt, until)
            .SetProperty(j => j.StartedAt, j => j.StartedAt ?? now)
            .SetProperty(j => j.WakeAt, (DateTimeOffset?)null), cancellationToken) == 1;

    public async Task<bool> RenewAsync(MarketplaceDbContext db, Lease lease, LeaseUse use, DateTimeOffset until,
        CancellationToken cancellationToken) =>
        await db.ImportJobs.Where(j => j.Id == lease.JobId && j.LeaseOwner == lease.Owner && j.Status == Running)
            .ExecuteUpdateAsync(u => u.SetProperty(j => j.LeaseExpiresAt, until), cancellationToken) == 1;

    /// <summary>Lets go; a running job goes back to pending (it reads as waiting for a runner, not as running).</summary>
    public Task ReleaseAsync(MarketplaceDbContext db, Lease lease, CancellationToken cancellationToken) =>
        db.ImportJobs.Where(j => j.Id == lease.JobId && j.LeaseOwner == lease.Owner).ExecuteUpdateAsync(u => u
            .SetProperty(j => j.Status, j => j.Status == Running ? Released : j.Status)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);

    private static IQueryable<ImportJob> Due(MarketplaceDbContext db, DateTimeOffset now) =>
        db.ImportJobs.Where(j => (j.LeaseOwner == null || j.LeaseExpiresAt < now)
            && Claimable.Contains(j.Status)
            && (j.WakeAt == null || j.WakeAt <= now));
}
