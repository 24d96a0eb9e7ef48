using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// Cancel and resume of import jobs. Each is one write unit whose update is conditional on the current state (allowed
/// when <see cref="ImportTransitions"/> has the transition), so it is correct against runners in other processes. A
/// cancel is final at once: the runner holding the job stops at its next fenced write — at once in this process (a
/// signal), at its next batch elsewhere — and the batch it had in flight does not commit, so what the answer shows is what
/// stays.
/// </summary>
public sealed class ImportControl(IWriteUnitRunner writes, ImportService imports, JobSignals signals, TimeProvider time)
{
    private static readonly TransitionTable<ImportStatus, ImportTrigger> Table = ImportTransitions.Table;

    public async Task<ImportResult> CancelAsync(Guid importId, CancellationToken cancellationToken)
    {
        await ChangeAsync(importId, "cancel", ImportTrigger.Cancel, (job, _) => null, (job, now) =>
        {
            (job.Status, job.FinishedAt, job.LeaseOwner, job.LeaseExpiresAt, job.WakeAt) =
                (Table.To(job.Status, ImportTrigger.Cancel), now, null, null, null);
            return ImportEventData.Finished(job.Status, job.TotalCount, job.ImportedCount, job.SkippedCount, job.FailedCount, job.Error);
        }, cancellationToken);
        signals.ControlChanged(importId);
        return await imports.GetAsync(importId, cancellationToken);
    }

    /// <summary>
    /// Puts a job that stopped before every entry had an outcome — it failed after its runs stopped on errors, was
    /// cancelled, or is waiting out a back-off — back to pending; any runner continues it from its last batch at once.
    /// </summary>
    public async Task<ImportResult> ResumeAsync(Guid importId, CancellationToken cancellationToken)
    {
        await ChangeAsync(importId, "resume", ImportTrigger.Resume, Refusal, (job, _) =>
        {
            (job.Status, job.FinishedAt, job.WakeAt, job.RunFailures, job.Error) =
                (Table.To(job.Status, ImportTrigger.Resume), null, null, 0, null);
            return ImportEventData.Resumed();
        }, cancellationToken);
        signals.ControlChanged(importId);
        return await imports.GetAsync(importId, cancellationToken);
    }

    private static string? Refusal(ImportJob job, DateTimeOffset now)
    {
        if (job.ImportedCount + job.SkippedCount + job.FailedCount >= job.TotalCount)
        {
            return $"every entry of import '{job.Id}' has an outcome";
        }

        return job.Status == ImportStatus.Pending && !(job.WakeAt > now) ? $"import '{job.Id}' is already waiting for a runner" : null;
    }

    private async Task ChangeAsync(Guid importId, string action, ImportTrigger trigger, Func<ImportJob, DateTimeOffset, string?> refusal,
        Func<ImportJob, DateTimeOffset, NewJobEvent> change, CancellationToken cancellationToken) =>
        await writes.RunAsync(async (db, ct) =>
        {
            // Touch the row first: on PostgreSQL that takes its row lock, so this change and its event are serialized with
            // the runner's fenced writes (which renew the row first); on SQLite the unit already holds the write lock.
            var touched = await db.ImportJobs.Where(j => j.Id == importId)
                .ExecuteUpdateAsync(u => u.SetProperty(j => j.Status, j => j.Status), ct);
            if (touched == 0)
            {
                throw new NotFoundException("Import", importId);
            }

            var job = await db.ImportJobs.FirstAsync(j => j.Id == importId, ct);
            var now = time.GetUtcNow();
            var status = job.Status == ImportStatus.Running && job.LeaseExpiresAt < now ? ImportStatus.Interrupted : job.Status;
            if (!Table.Allows(job.Status, trigger))
            {
                throw new ConflictException($"Cannot {action} an import that is {WireName.Of(status)}.");
            }

            if (refusal(job, now) is { } why)
            {
                throw new ConflictException($"Cannot {action}: {why}.");
            }

            // A cancel ends the stream: the batch the runner committed last gets its event first.
            var late = trigger == ImportTrigger.Cancel ? await UnreportedBatches.ReadAsync(db, importId, ct) : [];
            await JobEvents.AppendAsync(db, importId, now, ct, [.. late, change(job, now)]);
        }, cancellationToken);
}
