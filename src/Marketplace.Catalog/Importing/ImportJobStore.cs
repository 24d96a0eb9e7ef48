using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Importing;

/// <summary>The import job's row through its life: created, claimed by a resume, finished, or marked interrupted.</summary>
public sealed class ImportJobStore(IWriteUnitRunner writes, IOptions<ImportOptions> options, TimeProvider time,
    ILogger<ImportJobStore> logger)
{
    internal Task CreateAsync(ImportJob job, CancellationToken ct) =>
        writes.RunAsync((db, _) =>
        {
            db.ImportJobs.Add(job);
            return Task.CompletedTask;
        }, ct);

    /// <summary>
    /// Claims a job for this process with a conditional update, so two resumes (in any processes) cannot both run it:
    /// an interrupted job, a running one whose lease lapsed, or one whose lease this process holds but no longer uses
    /// (the caller has made sure of that through <see cref="ImportLeases"/>).
    /// </summary>
    internal async Task<bool> ClaimAsync(Guid importId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var me = ProcessIdentity.Id;
        var claimed = await writes.RunAsync((db, c) => db.ImportJobs
            .Where(j => j.Id == importId
                && (j.Status == ImportStatus.Interrupted
                    || (j.Status == ImportStatus.Running && (j.LeaseExpiresAt == null || j.LeaseExpiresAt < now || j.LeaseOwner == me))))
            .ExecuteUpdateAsync(u => u
                .SetProperty(j => j.Status, ImportStatus.Running)
                .SetProperty(j => j.LeaseOwner, me)
                .SetProperty(j => j.LeaseExpiresAt, now + options.Value.LeaseDuration)
                .SetProperty(j => j.Error, (string?)null), c), ct);
        return claimed > 0;
    }

    internal Task FinishAsync(ImportContext import, ImportBatchFigures? pending, CancellationToken ct) =>
        writes.RunAsync(async (db, c) =>
        {
            await ImportBatchCommitter.WriteFiguresAsync(db, import.JobId, pending, c);
            var job = await db.ImportJobs.FirstAsync(j => j.Id == import.JobId, c);
            job.Status = job.FailedCount == 0 ? ImportStatus.Completed
                : job.ImportedCount + job.SkippedCount == 0 ? ImportStatus.Failed
                : ImportStatus.Partial;
            job.FinishedAt = time.GetUtcNow();
            job.LeaseOwner = null;
            job.LeaseExpiresAt = null;
            var source = await db.Sources.FirstAsync(s => s.Id == import.Source.Id, c);
            source.ImportedCount = await db.CatalogEntries.CountAsync(e => e.SourceId == source.Id && e.ImportedArtifactId != null, c);
        }, ct);

    /// <summary>
    /// Committed batches stay; the job is marked interrupted so it can be resumed. Best effort and uncancellable: if
    /// even this fails, the expiring lease tells the same story (and <see cref="ImportLeases"/> lets this process retry at once).
    /// </summary>
    internal async Task MarkInterruptedAsync(Guid jobId, Exception reason)
    {
        try
        {
            var error = ImportLedger.Truncate(reason is OperationCanceledException ? "The import was cancelled." : reason.Message);
            await writes.RunAsync((db, c) => db.ImportJobs.Where(j => j.Id == jobId
                && j.Status == ImportStatus.Running).ExecuteUpdateAsync(u => u
                .SetProperty(j => j.Status, ImportStatus.Interrupted)
                .SetProperty(j => j.Error, error)
                .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null), c), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Logged, not rethrown: the caller rethrows the failure that stopped the import, which matters more.
            Log.ImportMarkInterruptedFailed(logger, jobId, ex);
        }
    }
}
