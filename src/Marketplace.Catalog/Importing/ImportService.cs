using System.Diagnostics;
using Marketplace.Catalog.Sources;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// Imports catalog entries into the default collection in batches (DESIGN §5): everything is validated before
/// anything is written; each batch's content is read and hashed before its transaction; each batch is one write
/// unit; a failing batch rolls back alone and its entries are retried one per unit.
/// </summary>
public sealed class ImportService(
    IDbContextFactory<MarketplaceDbContext> contexts,
    IWriteUnitRunner writes,
    LocalSourcePaths localPaths,
    SourceFileCache sourceFiles,
    IOptions<ImportOptions> options,
    ImportMetrics metrics,
    TimeProvider time,
    ILogger<ImportService> logger)
{
    /// <summary>How many times a batch unit runs before a unique violation is taken as its entries' own.</summary>
    private const int KeyRaceAttempts = 8;

    public async Task<ImportResult> ImportAsync(Guid sourceId, ImportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (entryIds, strategy, batchSize) = ImportRequestValidator.ValidateShape(request, options.Value);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var source = await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
            ?? throw new NotFoundException("Source", sourceId);
        var found = await db.CatalogEntries.AsNoTracking().Where(e => entryIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        ImportRequestValidator.ValidateEntries(sourceId, entryIds, found);

        var (order, children) = await PlanAsync(db, sourceId, [.. entryIds.Select(id => found[id])], cancellationToken);

        var now = time.GetUtcNow();
        var job = new ImportJob
        {
            Id = Guid.CreateVersion7(now),
            SourceId = sourceId,
            ConflictStrategy = strategy,
            BatchSize = batchSize,
            EntryIds = [.. order.Select(e => e.Id)],
            TotalCount = order.Count,
            StartedAt = now,
            LeaseOwner = ProcessIdentity.Id,
            LeaseExpiresAt = now + options.Value.LeaseDuration,
        };
        await writes.RunAsync((w, _) => { w.ImportJobs.Add(job); return Task.CompletedTask; }, cancellationToken);
        await RunAsync(new ImportContext(job.Id, source, strategy, options.Value.LeaseDuration), order, children, batchSize, firstBatch: 0, cancellationToken);
        return await GetAsync(job.Id, cancellationToken);
    }

    /// <summary>Continues an interrupted import with the entries that have no outcome yet.</summary>
    public async Task<ImportResult> ResumeAsync(Guid importId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // A conditional update claims the job, so two resumes (in any processes) cannot both run it.
        var claimed = await writes.RunAsync((db, ct) => db.ImportJobs
            .Where(j => j.Id == importId
                && (j.Status == ImportStatus.Interrupted || (j.Status == ImportStatus.Running && (j.LeaseExpiresAt == null || j.LeaseExpiresAt < now))))
            .ExecuteUpdateAsync(u => u
                .SetProperty(j => j.Status, ImportStatus.Running)
                .SetProperty(j => j.LeaseOwner, ProcessIdentity.Id)
                .SetProperty(j => j.LeaseExpiresAt, now + options.Value.LeaseDuration)
                .SetProperty(j => j.Error, (string?)null), ct), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == importId, cancellationToken)
            ?? throw new NotFoundException("Import", importId);
        if (claimed == 0)
        {
            throw new ConflictException(job.Status == ImportStatus.Running
                ? $"Import '{importId}' is still running (its lease runs until {job.LeaseExpiresAt:O})."
                : $"Import '{importId}' has already finished ({WireName.Of(job.Status)}).");
        }

        var source = await db.Sources.AsNoTracking().FirstAsync(s => s.Id == job.SourceId, cancellationToken);
        var done = await db.ImportEntryResults.Where(r => r.ImportJobId == importId).Select(r => new { r.CatalogEntryId, r.BatchIndex }).ToListAsync(cancellationToken);
        var entries = await db.CatalogEntries.AsNoTracking().Where(e => job.EntryIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        // The plan was fixed when the import started (job.EntryIds); only the composites' children are needed again.
        var (_, children) = await PlanAsync(db, job.SourceId, [.. job.EntryIds.Where(entries.ContainsKey).Select(id => entries[id])], cancellationToken);
        var open = job.EntryIds.Except(done.Select(d => d.CatalogEntryId)).ToList();
        var nextBatch = done.Count == 0 ? 0 : done.Max(d => d.BatchIndex) + 1;
        var context = new ImportContext(importId, source, job.ConflictStrategy, options.Value.LeaseDuration);
        await RecordVanishedAsync(context, [.. open.Where(id => !entries.ContainsKey(id))], nextBatch, cancellationToken);
        var remaining = open.Where(entries.ContainsKey).Select(id => entries[id]).ToList();
        await RunAsync(context, remaining, children, job.BatchSize, nextBatch, cancellationToken);
        return await GetAsync(importId, cancellationToken);
    }

    /// <summary>The import order of <paramref name="entries"/>, loading the source's catalog only when a composite needs its children.</summary>
    private static async Task<(List<CatalogEntry> Order, Dictionary<Guid, IReadOnlyList<Guid>> Children)> PlanAsync(
        MarketplaceDbContext db, Guid sourceId, IReadOnlyList<CatalogEntry> entries, CancellationToken cancellationToken)
    {
        var sourceEntries = entries.Any(e => e.ArtifactType == ArtifactType.Plugin)
            ? await db.CatalogEntries.AsNoTracking().Where(e => e.SourceId == sourceId).ToListAsync(cancellationToken)
            : [];
        return ImportPlan.Build(entries, sourceEntries);
    }

    public async Task<ImportResult> GetAsync(Guid importId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == importId, cancellationToken)
            ?? throw new NotFoundException("Import", importId);
        var plan = job.EntryIds.Select((id, position) => (id, position)).ToDictionary(p => p.id, p => p.position);
        var entries = (await db.ImportEntryResults.AsNoTracking().Where(r => r.ImportJobId == importId)
                .Select(r => new ImportEntryOutcome(r.CatalogEntryId, r.BatchIndex, r.Outcome, r.ArtifactKey, r.ArtifactId, r.Error))
                .ToListAsync(cancellationToken))
            .OrderBy(r => plan.GetValueOrDefault(r.EntryId, int.MaxValue))
            .ToList();
        var batches = await db.ImportBatches.AsNoTracking().Where(b => b.ImportJobId == importId).OrderBy(b => b.Index)
            .Select(b => new ImportBatchFigures(b.Index, b.Size, b.Attempts, b.Status, b.DurationMs, b.LockHoldMs, b.GateWaitMs))
            .ToListAsync(cancellationToken);
        var interrupted = job.Status == ImportStatus.Interrupted
            || (job.Status == ImportStatus.Running && job.LeaseExpiresAt < time.GetUtcNow());
        return new ImportResult(job.Id, job.SourceId, interrupted ? WireName.Of(ImportStatus.Interrupted) : WireName.Of(job.Status),
            job.ConflictStrategy, job.BatchSize, job.TotalCount, entries.Count, job.ImportedCount, job.SkippedCount, job.FailedCount,
            job.StartedAt, job.FinishedAt, job.Error, entries, batches);
    }

    private async Task RunAsync(ImportContext import, IReadOnlyList<CatalogEntry> order, Dictionary<Guid, IReadOnlyList<Guid>> children, int batchSize, int firstBatch, CancellationToken cancellationToken)
    {
        try
        {
            var root = import.Source.LocalPath is null ? null : localPaths.Resolve(import.Source.LocalPath);
            var index = firstBatch;
            // A batch's timings are known only after its commit; they ride along in the next unit, not a unit of their own.
            ImportBatchFigures? pending = null;
            foreach (var batch in order.Chunk(batchSize))
            {
                var prepared = await PrepareAsync(root, batch, children, cancellationToken);
                pending = await CommitBatchAsync(import, index++, prepared, pending, cancellationToken);
            }

            await FinishAsync(import, pending, cancellationToken);
        }
        catch (Exception ex)
        {
            // Committed batches stay; the job is marked interrupted so it can be resumed. Best effort and
            // uncancellable: if even this fails, the expiring lease tells the same story.
            await MarkInterruptedAsync(import.JobId, ex);
            throw;
        }
    }

    /// <summary>Reads and hashes each entry's files before the batch's transaction; a read failure fails that entry only.</summary>
    private async Task<List<PreparedEntry>> PrepareAsync(string? root, CatalogEntry[] batch, Dictionary<Guid, IReadOnlyList<Guid>> children, CancellationToken ct)
    {
        var prepared = new List<PreparedEntry>(batch.Length);
        foreach (var entry in batch)
        {
            var kids = children.GetValueOrDefault(entry.Id) ?? [];
            if (root is null)
            {
                prepared.Add(new PreparedEntry(entry, ArtifactContent.None, FrontMatter.Empty, null, kids)); // catalog-only source: metadata only
                continue;
            }

            try
            {
                var content = await ArtifactContentReader.ReadAsync(root, entry.ArtifactType, entry.Path, sourceFiles, ct);
                prepared.Add(new PreparedEntry(entry, content, ArtifactMetadata.From(entry.ArtifactType, content), null, kids));
            }
            catch (Exception ex) when (ex is ArtifactContentException or IOException or UnauthorizedAccessException)
            {
                prepared.Add(PreparedEntry.Failed(entry, $"Content of '{entry.Path}' could not be read: {ex.Message}"));
            }
        }

        return prepared;
    }

    /// <returns>The batch's figures, still to be written, or null when the batch was isolated (its row is complete).</returns>
    private async Task<ImportBatchFigures?> CommitBatchAsync(ImportContext import, int index, List<PreparedEntry> prepared, ImportBatchFigures? pending, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await WriteBatchAsync(async (db, c) =>
            {
                var now = time.GetUtcNow();
                await WriteFiguresAsync(db, import.JobId, pending, c);
                var row = new ImportBatch { ImportJobId = import.JobId, Index = index, Size = prepared.Count, Status = ImportBatchStatus.Committed, CommittedAt = now };
                return await ImportBatchWriter.WriteAsync(db, import, index, prepared, row, now, c);
            }, ct);
            var duration = Stopwatch.GetElapsedTime(started);
            Observe(index, prepared.Count, result.Attempts, duration, result.LockHold, result.Value);
            return new ImportBatchFigures(index, prepared.Count, result.Attempts, ImportBatchStatus.Committed, duration.TotalMilliseconds, result.LockHold.TotalMilliseconds, result.GateWait.TotalMilliseconds);
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
    private async Task<WriteUnitResult<BatchTally>> WriteBatchAsync(Func<MarketplaceDbContext, CancellationToken, Task<BatchTally>> unit, CancellationToken ct)
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
    private async Task IsolateAsync(ImportContext import, int index, List<PreparedEntry> prepared, ImportBatchFigures? pending, long started, CancellationToken ct)
    {
        var tally = new BatchTally();
        var attempts = 1;
        var lockHold = TimeSpan.Zero;
        var gateWait = TimeSpan.Zero;
        foreach (var entry in prepared)
        {
            try
            {
                var result = await WriteBatchAsync((db, c) => ImportBatchWriter.WriteAsync(db, import, index, [entry], null, time.GetUtcNow(), c), ct);
                (attempts, lockHold, gateWait) = (attempts + result.Attempts, lockHold + result.LockHold, gateWait + result.GateWait);
                tally.Imported += result.Value.Imported;
                tally.Skipped += result.Value.Skipped;
                tally.Failed += result.Value.Failed;
            }
            catch (Exception ex) when (IsEntryFailure(ex))
            {
                var error = Describe(ex);
                await writes.RunAsync((db, c) => ImportBatchWriter.RecordIsolatedFailureAsync(db, import, index, entry.Entry.Id, error, time.GetUtcNow(), c), ct);
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
                DurationMs = duration.TotalMilliseconds, LockHoldMs = lockHold.TotalMilliseconds, GateWaitMs = gateWait.TotalMilliseconds, CommittedAt = time.GetUtcNow(),
            });
        }, ct);
        Observe(index, prepared.Count, attempts, duration, lockHold, tally);
    }

    private static async Task WriteFiguresAsync(MarketplaceDbContext db, Guid jobId, ImportBatchFigures? figures, CancellationToken ct)
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

    private async Task RecordVanishedAsync(ImportContext import, List<Guid> vanished, int index, CancellationToken ct)
    {
        foreach (var id in vanished)
        {
            await writes.RunAsync((db, c) => ImportBatchWriter.RecordIsolatedFailureAsync(db, import, index, id, "The catalog entry no longer exists.", time.GetUtcNow(), c), ct);
        }
    }

    private Task FinishAsync(ImportContext import, ImportBatchFigures? pending, CancellationToken ct) =>
        writes.RunAsync(async (db, c) =>
        {
            await WriteFiguresAsync(db, import.JobId, pending, c);
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

    private async Task MarkInterruptedAsync(Guid jobId, Exception reason)
    {
        try
        {
            var error = reason is OperationCanceledException ? "The import was cancelled." : reason.Message;
            await writes.RunAsync((db, c) => db.ImportJobs.Where(j => j.Id == jobId && j.Status == ImportStatus.Running).ExecuteUpdateAsync(u => u
                .SetProperty(j => j.Status, ImportStatus.Interrupted)
                .SetProperty(j => j.Error, error.Length > 2000 ? error[..2000] : error)
                .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null), c), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Logged, not rethrown: the caller rethrows the failure that stopped the import, which matters more.
            Log.ImportMarkInterruptedFailed(logger, jobId, ex);
        }
    }

    /// <summary>
    /// Failures that belong to the entries (the write unit has already translated the provider's constraint errors),
    /// as opposed to the database being busy or unavailable, the caller leaving, or a bug — those stop the import.
    /// </summary>
    private static bool IsEntryFailure(Exception ex) => ex is ConstraintViolationException or DuplicateKeyException;

    private static string Describe(Exception ex) => $"The database refused the entry: {ex.Message}";
}
