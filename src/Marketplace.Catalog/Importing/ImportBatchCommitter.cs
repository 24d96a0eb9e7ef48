using System.Diagnostics;
using System.Text.RegularExpressions;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// Commits one prepared batch as one write unit; when the unit fails for its entries' sake (a constraint), runs each
/// entry in a unit of its own so one bad entry cannot sink the others; writes each batch's figures and logs them.
/// </summary>
public sealed partial class ImportBatchCommitter(
    IWriteUnitRunner writes,
    IOptions<ImportOptions> options,
    ImportMetrics metrics,
    TimeProvider time,
    ILogger<ImportBatchCommitter> logger)
{
    /// <summary>How many times a batch unit runs before a unique violation is taken as its entries' own.</summary>
    private const int KeyRaceAttempts = 8;

    /// <returns>The batch's figures, still to be written, or null when the batch was isolated (its row is complete).</returns>
    internal async Task<ImportBatchFigures?> CommitBatchAsync(ImportContext import, int index, List<PreparedEntry> prepared,
        ImportBatchFigures? pending, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await WriteBatchAsync(async (db, c) =>
            {
                var now = time.GetUtcNow();
                await WriteFiguresAsync(db, import.JobId, pending, c);
                var row = new ImportBatch { ImportJobId = import.JobId, Index = index, Size = prepared.Count,
                    Status = ImportBatchStatus.Committed, CommittedAt = now };
                return await ImportBatchWriter.WriteAsync(db, import, index, prepared, row, now, c);
            }, ct);
            var duration = Stopwatch.GetElapsedTime(started);
            Observe(index, prepared.Count, result.Attempts, duration, result.LockHold, result.Value);
            return new ImportBatchFigures(index, prepared.Count, result.Attempts, ImportBatchStatus.Committed,
                duration.TotalMilliseconds, result.LockHold.TotalMilliseconds, result.GateWait.TotalMilliseconds);
        }
        catch (Exception ex) when (IsEntryFailure(ex))
        {
            Log.ImportBatchIsolating(logger, index, ex.Message);
            await IsolateAsync(import, index, prepared, pending, started, ct);
            return null;
        }
    }

    /// <summary>
    /// Runs a batch's unit. The keys it writes (an artifact's <c>type:name</c> or rename suffix, a new tag, a content
    /// hash) are chosen from what the unit read; on PostgreSQL another process may commit the same key in between, and
    /// the unique index refuses the later writer once the first has committed. Running the unit again reads the
    /// winner's rows and resolves them by the conflict strategy, so a unique violation counts as the entries' failure
    /// only when it persists.
    /// </summary>
    private async Task<WriteUnitResult<BatchTally>> WriteBatchAsync(Func<MarketplaceDbContext, CancellationToken, Task<BatchTally>> unit,
        CancellationToken ct)
    {
        for (var lost = 0; ; lost++)
        {
            try
            {
                var result = await writes.ExecuteAsync(unit, WriteUnitPriority.Bulk, ct);
                return result with { Attempts = result.Attempts + lost };
            }
            catch (DuplicateKeyException ex) when (lost < KeyRaceAttempts - 1)
            {
                Log.ImportKeyTaken(logger, lost + 1, ex.Message);
            }
        }
    }

    /// <summary>After a batch rolled back: each entry in its own unit, so one bad entry cannot sink the others.</summary>
    private async Task IsolateAsync(ImportContext import, int index, List<PreparedEntry> prepared, ImportBatchFigures? pending,
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
                    (db, c) => ImportBatchWriter.WriteAsync(db, import, index, [entry], null, time.GetUtcNow(), c), ct);
                (attempts, lockHold, gateWait) = (attempts + result.Attempts, lockHold + result.LockHold, gateWait + result.GateWait);
                tally.Imported += result.Value.Imported;
                tally.Skipped += result.Value.Skipped;
                tally.Failed += result.Value.Failed;
            }
            catch (Exception ex) when (IsEntryFailure(ex))
            {
                var error = Describe(ex);
                await writes.RunAsync((db, c) => ImportLedger.RecordIsolatedFailureAsync(db, import, index, entry.Entry.Id, error,
                    time.GetUtcNow(), c), ct);
                tally.Failed++;
            }
        }

        var duration = Stopwatch.GetElapsedTime(started);
        await writes.RunAsync(async (db, c) =>
        {
            await WriteFiguresAsync(db, import.JobId, pending, c);
            db.ImportBatches.Add(new ImportBatch
            {
                ImportJobId = import.JobId, Index = index, Size = prepared.Count, Attempts = attempts, Status = ImportBatchStatus.Isolated,
                DurationMs = duration.TotalMilliseconds, LockHoldMs = lockHold.TotalMilliseconds,
                    GateWaitMs = gateWait.TotalMilliseconds, CommittedAt = time.GetUtcNow(),
            });
        }, ct);
        Observe(index, prepared.Count, attempts, duration, lockHold, tally);
    }

    internal static async Task WriteFiguresAsync(MarketplaceDbContext db, Guid jobId, ImportBatchFigures? figures, CancellationToken ct)
    {
        if (figures is null)
        {
            return;
        }

        await db.ImportBatches.Where(b => b.ImportJobId == jobId && b.Index == figures.Index).ExecuteUpdateAsync(u => u
            .SetProperty(b => b.Attempts, figures.Attempts)
            .SetProperty(b => b.DurationMs, figures.DurationMs)
            .SetProperty(b => b.LockHoldMs, figures.LockHoldMs)
            .SetProperty(b => b.GateWaitMs, figures.GateWaitMs), ct);
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
        foreach (var id in vanished)
        {
            await writes.RunAsync((db, c) => ImportLedger.RecordIsolatedFailureAsync(db, import, index, id,
                "The catalog entry no longer exists.", time.GetUtcNow(), c), ct);
        }
    }

    /// <summary>
    /// Failures that belong to the entries (the write unit has already translated the provider's constraint errors),
    /// as opposed to the database being busy or unavailable, the caller leaving, or a bug — those stop the import.
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
