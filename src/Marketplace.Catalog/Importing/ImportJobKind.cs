using Marketplace.Data;
using Marketplace.Data.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// Imports as a job kind of the runner: claimed through the shared <see cref="LeaseClaims"/> path over
/// <see cref="ImportJobLeases"/>, appending <c>job_started</c> (the first claim) or <c>job_claimed</c> (a takeover, a job
/// given back or backing off, a resume) in the claim's unit, and run by <see cref="ImportProcessor"/>.
/// </summary>
internal sealed class ImportJobKind(
    LeaseClaims claims, ImportJobLeases leases, ImportProcessor processor, JobSignals signals, IOptions<ImportOptions> options) : IJobKind
{
    public string Name => JobKinds.Import;

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
        var done = await db.ImportEntryResults.CountAsync(r => r.ImportJobId == lease.JobId, ct);
        var total = await db.ImportJobs.Where(j => j.Id == lease.JobId).Select(j => j.TotalCount).FirstAsync(ct);
        // A takeover or a job given back: the last batch of the run before has no event yet.
        var late = first ? [] : await UnreportedBatches.ReadAsync(db, lease.JobId, ct);
        await JobEvents.AppendAsync(db, lease.JobId, now, ct, [.. late, ImportEventData.Claimed(first, lease.Owner, done, total)]);
        return lease;
    }
}
