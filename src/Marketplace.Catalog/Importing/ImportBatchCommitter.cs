using System.Diagnostics;
using System.Text.RegularExpressions;
using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// Commits one prepared batch as one write unit fenced by the run's lease (<see cref="LeaseFence"/>): the batch is a
/// checkpoint only if this runner still holds a running job, so a runner that lost it (taken over, or the job cancelled)
/// commits nothing and no entry is imported twice. When the unit fails for its entries' sake (a constraint), runs each
/// entry in a unit of its own so one bad entry cannot sink the others; writes each batch's figures and its events.
/// </summary>
internal sealed partial class ImportBatchCommitter(
    LeaseFence fence,
    ImportJobLeases leases,
    JobSignals signals,
    IOptions<ImportOptions> options,
    ImportMetrics metrics,
    ILogger<ImportBatchCommitter> logger)
{
    /// <summary>How many times a batch unit runs before a unique violation is taken as its entries' own.</summary>
    private const int KeyRaceAttempts = 8;

    /// <returns>The batch's figures, still to be written, or null when the batch was isolated (its row is complete).</returns>
    internal async Task<CommittedBatch?> CommitBatchAsync(ImportContext import, int index, List<PreparedEntry> prepared,
        CommittedBatch? pending, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await WriteBatchAsync(import, async (db, now, c) =>
            {
                await WriteFiguresAsync(db, import.JobId, pending, now, c);
                var row = new ImportBatch { ImportJobId = import.JobId, Index = index, Size = prepared.Count,
                    Status = ImportBatchStatus.Committed, CommittedAt = now };
                var tally = await ImportBatchWriter.WriteAsync(db, import, index, prepared, row, now, c);
                if (tally.Failures.Count > 0)
                {
                    await JobEvents.AppendAsync(db, import.JobId, now, c, ImportEventData.Failures(index, tally.Failures));
                }

                return tally;
            }, ct);
            var duration = Stopwatch.GetElapsedTime(started);
            Observe(index, prepared.Count, result.Attempts, duration, result.LockHold, result.Value);
            var figures = new ImportBatchFigures(index, prepared.Count, result.Attempts, ImportBatchStatus.Committed,
                duration.TotalMilliseconds, result.LockHold.TotalMilliseconds, result.GateWait.TotalMilliseconds);
            return new CommittedBatch(figures, result.Value.Imported, result.Value.Skipped, result.Value.Failed);
        }
        catch (Exception ex) when (IsEntryFailure(ex))
        {
            Log.ImportBatchIsolating(logger, index, ex.Message);
            await IsolateAsync(import, index, prepared, pending, started, ct);
            return null;
        }
    }

    /// <summary>
    /// Runs a batch's unit, fenced. The keys it writes (an artifact's <c>type:name</c> or rename suffix, a new tag, a
    /// content hash) are chosen from what the unit read; on PostgreSQL another process may commit the same key in between,
    /// and the unique index refuses the later writer once the first has committed. Running the unit again reads the
    /// winner's rows and resolves them by the conflict strategy, so a unique violation counts as the entries' failure
    /// only when it persists.
    /// </summary>
    private async Task<WriteUnitResult<BatchTally>> WriteBatchAsync(ImportContext import,
        Func<MarketplaceDbContext, DateTimeOffset, CancellationToken, Task<BatchTally>> unit, CancellationToken ct)
    {
        for (var lost = 0; ; lost++)
        {
            try
            {
                var result = await fence.ExecuteAsync(leases, import.Lease, LeaseUse.Work, options.Value.LeaseDuration, unit,
                    WriteUnitPriority.Bulk, ct);
                Committed(import);
                return result with { Attempts = result.Attempts + lost };
            }
            catch (DuplicateKeyException ex) when (lost < KeyRaceAttempts - 1)
            {
                Log.ImportKeyTaken(logger, lost + 1, ex.Message);
            }
        }
    }

    /// <summary>After a batch rolled back: each entry in its own unit, so one bad entry cannot sink the others.</summary>
    private async Task IsolateAsync(ImportContext import, int index, List<PreparedEntry> prepared, CommittedBatch? pending,
        long started, CancellationToken ct)
    {
        var tally = new BatchTally();
        var attempts = 1;
        var lockHold = TimeSpan.Zero;
        var gateWait = TimeSpan.Zero;
        foreach (var entry in prepared)
        {
            try
            {
                var result = await WriteBatchAsync(
                    import, (db, now, c) => ImportBatchWriter.WriteAsync(db, import, index, [entry], null, now, c), ct);
                (attempts, lockHold, gateWait) = (attempts + result.Attempts, lockHold + result.LockHold, gateWait + result.GateWait);
                tally.Add(result.Value);
            }
            catch (Exception ex) when (IsEntryFailure(ex))
            {
                var error = Describe(ex);
                await FencedAsync(import, (db, now, c) =>
                    ImportLedger.RecordIsolatedFailureAsync(db, import, index, entry.Entry.Id, error, now, c), ct);
                tally.Add(entry.Entry.Id, EntryOutcome.Failed(ImportLedger.Truncate(error)));
            }
        }

        var duration = Stopwatch.GetElapsedTime(started);
        var figures = new ImportBatchFigures(index, prepared.Count, attempts, ImportBatchStatus.Isolated, duration.TotalMilliseconds,
            lockHold.TotalMilliseconds, gateWait.TotalMilliseconds);
        await FencedAsync(import, async (db, now, c) =>
        {
            await WriteFiguresAsync(db, import.JobId, pending, now, c);
            db.ImportBatches.Add(new ImportBatch
            {
                ImportJobId = import.JobId, Index = index, Size = prepared.Count, Attempts = attempts, Status = ImportBatchStatus.Isolated,
                DurationMs = figures.DurationMs, LockHoldMs = figures.LockHoldMs, GateWaitMs = figures.GateWaitMs, CommittedAt = now,
            });
            var committed = new CommittedBatch(figures, tally.Imported, tally.Skipped, tally.Failed);
            var events = new List<NewJobEvent> { ImportEventData.Batch(committed) };
            if (tally.Failures.Count > 0)
            {
                events.Add(ImportEventData.Failures(index, tally.Failures));
            }

            await JobEvents.AppendAsync(db, import.JobId, now, c, [.. events]);
        }, ct);
        Observe(index, prepared.Count, attempts, duration, lockHold, tally);
    }

    /// <summary>
    /// The figures of the batch committed before (known only after its commit), with its <c>batch_committed</c> event,
    /// in the unit that follows it: no unit of their own.
    /// </summary>
    internal static async Task WriteFiguresAsync(MarketplaceDbContext db, Guid jobId, CommittedBatch? batch, DateTimeOffset now,
        CancellationToken ct)
    {
        if (batch is null)
        {
            return;
        }

        var figures = batch.Figures;
        await db.ImportBatches.Where(b => b.ImportJobId == jobId && b.Index == figures.Index).ExecuteUpdateAsync(u => u
            .SetProperty(b => b.Attempts, figures.Attempts)
            .SetProperty(b => b.DurationMs, figures.DurationMs)
            .SetProperty(b => b.LockHoldMs, figures.LockHoldMs)
            .SetProperty(b => b.GateWaitMs, figures.GateWaitMs), ct);
        await JobEvents.AppendAsync(db, jobId, now, ct, ImportEventData.Batch(batch));
    }

    private void Observe(int index, int size, int attempts, TimeSpan duration, TimeSpan lockHold, BatchTally tally)
    {
        metrics.RecordBatch(duration, lockHold, tally);
        Log.ImportBatchCommitted(logger, index, size, attempts, duration.TotalMilliseconds, lockHold.TotalMilliseconds);
        if (duration > options.Value.SlowBatchWarning)
        {
            Log.ImportBatchSlow(logger, index, size, duration.TotalMilliseconds, options.Value.SlowBatchWarning.TotalMilliseconds);
        }
    }

    internal async Task RecordVanishedAsync(ImportContext import, List<Guid> vanished, int index, CancellationToken ct)
    {
        if (vanished.Count == 0)
        {
            return;
        }

        const string error = "The catalog entry no longer exists.";
        await FencedAsync(import, async (db, now, c) =>
        {
            foreach (var id in vanished)
            {
                await ImportLedger.RecordIsolatedFailureAsync(db, import, index, id, error, now, c);
            }

            await JobEvents.AppendAsync(db, import.JobId, now, c, ImportEventData.Failures(index, [.. vanished.Select(id => (id, error))]));
        }, ct);
    }

    private async Task FencedAsync(ImportContext import, Func<MarketplaceDbContext, DateTimeOffset, CancellationToken, Task> write,
        CancellationToken ct)
    {
        await fence.RunAsync(leases, import.Lease, LeaseUse.Work, options.Value.LeaseDuration, async (db, now, c) =>
        {
            await write(db, now, c);
            return true;
        }, ct);
        Committed(import);
    }

    /// <summary>A fenced unit committed: the lease was renewed, and the job's stream may have new events.</summary>
    private void Committed(ImportContext import)
    {
        import.Keeper.Renewed();
        signals.EventsAppended(import.JobId);
    }

    /// <summary>
    /// Failures that belong to the entries (the write unit has already translated the provider's constraint errors),
    /// as opposed to the database being busy or unavailable, the lease lost, the runner stopping, or a bug — those stop the run.
    /// </summary>
    private static bool IsEntryFailure(Exception ex) => ex is ConstraintViolationException or DuplicateKeyException;

    /// <summary>What the user sees: the rule the entry broke, by its name (<c>ck_artifacts_name</c>), never the provider's
    /// message.</summary>
    private static string Describe(Exception ex) =>
        ConstraintName().Match(ex.Message) is { Success: true } rule
            ? $"The database refused the entry: it breaks the rule '{rule.Value}'."
            : "The database refused the entry: it breaks one of the stored data's rules.";

    [GeneratedRegex("\\b(ck|ux|fk|pk|ix)_[a-z0-9_]+")]
    private static partial Regex ConstraintName();
}
