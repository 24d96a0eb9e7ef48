using Marketplace.Catalog.Importing;
using Marketplace.Data;
using Marketplace.Data.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Scanning;

/// <summary>
/// Scans as a job kind of the runner: claimed through <see cref="LeaseClaims"/> over <see cref="ScanJobLeases"/>, run by
/// <see cref="ScanProcessor"/>.
/// </summary>
internal sealed class ScanJobKind(
    LeaseClaims claims, ScanJobLeases leases, ScanProcessor processor, JobSignals signals, IOptions<ImportOptions> options) : IJobKind
{
    public string Name => JobKinds.Scan;

    public async Task<ClaimedJob?> ClaimNextAsync(string owner, IReadOnlyCollection<Guid> except, CancellationToken cancellationToken)
    {
        var lease = await claims.ClaimNextAsync(leases, owner, options.Value.LeaseDuration, except, ClaimedAsync, cancellationToken);
        if (lease is null)
        {
            return null;
        }

        signals.EventsAppended(lease.JobId);
        return new ClaimedJob(lease, stopping => processor.RunAsync(lease, stopping));
    }

    private static async Task<Lease> ClaimedAsync(MarketplaceDbContext db, Lease lease, DateTimeOffset now, CancellationToken ct)
    {
        var first = !await db.JobEvents.AnyAsync(e => e.JobId == lease.JobId && e.Type == JobEvents.Started, ct);
        await JobEvents.AppendAsync(db, lease.JobId, now, ct, ScanEventData.Claimed(first, lease.Owner));
        return lease;
    }
}
