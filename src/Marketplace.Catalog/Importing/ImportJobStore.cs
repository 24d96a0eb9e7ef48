using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// A runner's writes of an import job's row as its run ends — finished, failed for good, backing off after a failed run,
/// or given back — each a unit fenced by the run's lease (<see cref="LeaseFence"/>) that appends the event it is.
/// </summary>
internal sealed class ImportJobStore(LeaseFence fence, ImportJobLeases leases, JobSignals signals, IOptions<ImportOptions> options)
{
    private static readonly TransitionTable<ImportStatus, ImportTrigger> Table = ImportTransitions.Table;

    /// <summary>The plan is done: the status follows from the counts; the source's imported count is brought up to date.</summary>
    public async Task FinishAsync(ImportContext import, CommittedBatch? pending, CancellationToken ct)
    {
        await FencedAsync(import.Lease, async (db, now, c) =>
        {
            await ImportBatchCommitter.WriteFiguresAsync(db, import.JobId, pending, now, c);
            var job = await db.ImportJobs.FirstAsync(j => j.Id == import.JobId, c);
            var status = ImportTransitions.Finished(job.ImportedCount, job.SkippedCount, job.FailedCount);
            await EndAsync(db, job, status, error: null, now, c);
            var source = await db.Sources.FirstAsync(s => s.Id == import.Source.Id, c);
            source.ImportedCount = await db.CatalogEntries.CountAsync(e => e.SourceId == source.Id && e.ImportedArtifactId != null, c);
        }, ct);
    }

    /// <summary>A failure no later run reads differently (the source's folder is gone or no longer allowed): failed at once.</summary>
    public Task FailAsync(Lease lease, string error, CancellationToken ct) =>
        FencedAsync(lease, async (db, now, c) =>
        {
            var job = await db.ImportJobs.FirstAsync(j => j.Id == lease.JobId, c);
            await EndAsync(db, job, Table.To(ImportStatus.Running, ImportTrigger.Fail), error, now, c);
        }, ct);

    /// <summary>
    /// A run stopped on an unexpected error: pending again after a back-off (doubling from <c>Import:RunFailureDelay</c>),
    /// or failed after <c>Import:MaxRunFailures</c> such runs in a row. Never a plain release, which would let this runner
    /// claim it again at once. If even this write fails, the lease lapses: a back-off too.
    /// </summary>
    /// <returns>True when the job failed for good.</returns>
    public async Task<bool> RunFailedAsync(Lease lease, string error, CancellationToken ct)
    {
        var settings = options.Value;
        var gaveUp = false;
        await FencedAsync(lease, async (db, now, c) =>
        {
            var job = await db.ImportJobs.FirstAsync(j => j.Id == lease.JobId, c);
            var runs = job.RunFailures + 1;
            if (runs >= settings.MaxRunFailures)
            {
                gaveUp = true;
                job.RunFailures = runs;
                await EndAsync(db, job, Table.To(ImportStatus.Running, ImportTrigger.Fail),
                    $"The import stopped on an error in {runs} runs in a row; the last: {error}", now, c);
                return;
            }

            var wakeAt = now + new Backoff(settings.RunFailureDelay, 2, settings.RunFailureMaxDelay).DelayAfter(runs);
            (job.Status, job.WakeAt, job.RunFailures, job.Error) = (Table.To(ImportStatus.Running, ImportTrigger.BackOff), wakeAt, runs,
                ImportLedger.Truncate(error));
            (job.LeaseOwner, job.LeaseExpiresAt) = (null, null);
            await JobEvents.AppendAsync(db, job.Id, now, c, ImportEventData.RunFailed(runs, error, wakeAt));
        }, ct);
        signals.WorkAvailable();
        return gaveUp;
    }

    /// <summary>The runner stops (shutdown): the job goes back to pending for any runner.</summary>
    public async Task ReleaseAsync(Lease lease, CancellationToken ct)
    {
        await fence.ReleaseAsync(leases, lease, ct);
        signals.WorkAvailable();
    }

    private static async Task EndAsync(MarketplaceDbContext db, ImportJob job, ImportStatus status, string? error, DateTimeOffset now,
        CancellationToken ct)
    {
        (job.Status, job.FinishedAt, job.WakeAt, job.LeaseOwner, job.LeaseExpiresAt) = (status, now, null, null, null);
        job.Error = error is null ? null : ImportLedger.Truncate(error);
        await JobEvents.AppendAsync(db, job.Id, now, ct, ImportEventData.Finished(status, job.TotalCount, job.ImportedCount,
            job.SkippedCount, job.FailedCount, job.Error));
    }

    /// <summary>Record use: these writes say how the run ended, and the lease only has to be this runner's, on a running job.</summary>
    private async Task FencedAsync(Lease lease, Func<MarketplaceDbContext, DateTimeOffset, CancellationToken, Task> write,
        CancellationToken ct)
    {
        await fence.RunAsync(leases, lease, LeaseUse.Record, options.Value.LeaseDuration, async (db, now, c) =>
        {
            await write(db, now, c);
            return true;
        }, ct);
        signals.EventsAppended(lease.JobId);
    }
}
