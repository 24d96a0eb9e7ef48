using Marketplace.Catalog.Entries;
using Marketplace.Catalog.Importing;
using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Scanning;

/// <summary>A runner's writes of a scan job's row as its run ends, each fenced by the run's lease, with its event.</summary>
internal sealed class ScanJobStore(LeaseFence fence, ScanJobLeases leases, JobSignals signals, IOptions<ImportOptions> options)
{
    private static readonly TransitionTable<ScanJobStatus, ScanTrigger> Table = ScanTransitions.Table;

    public Task CompleteAsync(Lease lease, CatalogUpsertResult result, CancellationToken ct) =>
        FencedAsync(lease, async (db, job, now, c) =>
        {
            job.Result = ScanResults.Write(result);
            await EndAsync(db, job, Table.To(ScanJobStatus.Running, ScanTrigger.Complete), result, null, now, c);
        }, ct);

    /// <summary>The source could not be read: a failure no later run reads differently (it is recorded on the source too).</summary>
    public Task FailAsync(Lease lease, string error, CancellationToken ct) =>
        FencedAsync(lease,
            (db, job, now, c) => EndAsync(db, job, Table.To(ScanJobStatus.Running, ScanTrigger.Fail), null, error, now, c), ct);

    /// <summary>Pending again after a back-off, or failed after <c>Import:MaxRunFailures</c> runs in a row (as imports do).</summary>
    public async Task RunFailedAsync(Lease lease, string error, CancellationToken ct)
    {
        var settings = options.Value;
        await FencedAsync(lease, async (db, job, now, c) =>
        {
            var runs = job.RunFailures + 1;
            job.RunFailures = runs;
            if (runs >= settings.MaxRunFailures)
            {
                await EndAsync(db, job, Table.To(ScanJobStatus.Running, ScanTrigger.Fail), null,
                    $"The scan stopped on an error in {runs} runs in a row; the last: {error}", now, c);
                return;
            }

            var wakeAt = now + new Backoff(settings.RunFailureDelay, 2, settings.RunFailureMaxDelay).DelayAfter(runs);
            (job.Status, job.WakeAt, job.Error, job.LeaseOwner, job.LeaseExpiresAt) =
                (Table.To(ScanJobStatus.Running, ScanTrigger.BackOff), wakeAt, ImportLedger.Truncate(error), null, null);
            await JobEvents.AppendAsync(db, job.Id, now, c, ScanEventData.RunFailed(runs, error, wakeAt));
        }, ct);
        signals.WorkAvailable();
    }

    public async Task ReleaseAsync(Lease lease, CancellationToken ct)
    {
        await fence.ReleaseAsync(leases, lease, ct);
        signals.WorkAvailable();
    }

    private static Task EndAsync(MarketplaceDbContext db, ScanJob job, ScanJobStatus status, CatalogUpsertResult? result, string? error,
        DateTimeOffset now, CancellationToken ct)
    {
        (job.Status, job.FinishedAt, job.WakeAt, job.LeaseOwner, job.LeaseExpiresAt) = (status, now, null, null, null);
        job.Error = error is null ? null : ImportLedger.Truncate(error);
        return JobEvents.AppendAsync(db, job.Id, now, ct, ScanEventData.Finished(status, result, job.Error));
    }

    private async Task FencedAsync(Lease lease, Func<MarketplaceDbContext, ScanJob, DateTimeOffset, CancellationToken, Task> write,
        CancellationToken ct)
    {
        await fence.RunAsync(leases, lease, LeaseUse.Record, options.Value.LeaseDuration, async (db, now, c) =>
        {
            await write(db, await db.ScanJobs.FirstAsync(j => j.Id == lease.JobId, c), now, c);
            return true;
        }, ct);
        signals.EventsAppended(lease.JobId);
    }
}
