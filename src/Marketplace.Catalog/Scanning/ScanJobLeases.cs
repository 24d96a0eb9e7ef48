using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Scanning;

/// <summary><c>scan_jobs</c> as leased jobs: claimable with no live lease, pending or running, and not backing off.</summary>
internal sealed class ScanJobLeases : ILeasedJobs
{
    private static readonly ScanJobStatus[] Claimable = ScanTransitions.Table.From(ScanTrigger.Claim);
    private static readonly ScanJobStatus Running = ScanTransitions.Table.To(ScanTrigger.Claim);
    private static readonly ScanJobStatus Released = ScanTransitions.Table.To(ScanTrigger.Release);

    public Task<bool> AnyClaimableAsync(MarketplaceDbContext db, DateTimeOffset now, IReadOnlyCollection<Guid> except,
        CancellationToken cancellationToken) =>
        Due(db, now).Where(j => !except.Contains(j.Id)).AnyAsync(cancellationToken);

    public async Task<Guid?> NextClaimableAsync(MarketplaceDbContext db, DateTimeOffset now, IReadOnlyCollection<Guid> except,
        CancellationToken cancellationToken) =>
        await Due(db, now).Where(j => !except.Contains(j.Id)).OrderBy(j => j.CreatedAt).Select(j => (Guid?)j.Id)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<bool> TakeAsync(MarketplaceDbContext db, Guid jobId, string owner, DateTimeOffset now, DateTimeOffset until,
        CancellationToken cancellationToken) =>
        await Due(db, now).Where(j => j.Id == jobId).ExecuteUpdateAsync(u => u
            .SetProperty(j => j.Status, Running)
            .SetProperty(j => j.LeaseOwner, owner)
            .SetProperty(j => j.LeaseExpiresAt, until)
            .SetProperty(j => j.StartedAt, j => j.StartedAt ?? now)
            .SetProperty(j => j.WakeAt, (DateTimeOffset?)null), cancellationToken) == 1;

    public async Task<bool> RenewAsync(MarketplaceDbContext db, Lease lease, LeaseUse use, DateTimeOffset until,
        CancellationToken cancellationToken) =>
        await db.ScanJobs.Where(j => j.Id == lease.JobId && j.LeaseOwner == lease.Owner && j.Status == Running)
            .ExecuteUpdateAsync(u => u.SetProperty(j => j.LeaseExpiresAt, until), cancellationToken) == 1;

    public Task ReleaseAsync(MarketplaceDbContext db, Lease lease, CancellationToken cancellationToken) =>
        db.ScanJobs.Where(j => j.Id == lease.JobId && j.LeaseOwner == lease.Owner).ExecuteUpdateAsync(u => u
            .SetProperty(j => j.Status, j => j.Status == Running ? Released : j.Status)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);

    private static IQueryable<ScanJob> Due(MarketplaceDbContext db, DateTimeOffset now) =>
        db.ScanJobs.Where(j => (j.LeaseOwner == null || j.LeaseExpiresAt < now)
            && Claimable.Contains(j.Status)
            && (j.WakeAt == null || j.WakeAt <= now));
}
