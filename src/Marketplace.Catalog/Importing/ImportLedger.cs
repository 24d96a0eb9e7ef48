using Marketplace.Data;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// The results ledger of an import: one result row per entry, the job's counters, the catalog entries marked
/// imported or failed. Written in the batch's unit, or in an entry's own unit after its batch rolled back.
/// </summary>
internal static class ImportLedger
{
    /// <summary>The longest error text kept on an entry, a result or a job.</summary>
    public const int MaxErrorLength = 2000;

    public static ImportEntryResult Result(ImportContext import, int batchIndex, Guid entryId, EntryOutcome outcome,
        DateTimeOffset now) => new()
    {
        ImportJobId = import.JobId,
        CatalogEntryId = entryId,
        BatchIndex = batchIndex,
        Outcome = outcome.Outcome,
        ArtifactKey = outcome.Artifact?.Key,
        ArtifactId = outcome.Artifact?.Id,
        Error = outcome.Error,
        CollidedWith = outcome.CollidedWith,
        At = now,
    };

    /// <summary>
    /// Marks the batch's imported entries in one statement; each entry's artifact id comes from the result row
    /// just inserted for it, so no per-entry UPDATE is needed.
    /// </summary>
    public static async Task MarkImportedAsync(MarketplaceDbContext db, Guid jobId, List<Guid> entryIds, DateTimeOffset now,
        CancellationToken ct)
    {
        if (entryIds.Count == 0)
        {
            return;
        }

        await db.CatalogEntries.Where(e => entryIds.Contains(e.Id)).ExecuteUpdateAsync(u => u
            .SetProperty(e => e.Status, CatalogEntryStatus.Imported)
            .SetProperty(e => e.ImportId, jobId)
            .SetProperty(e => e.ImportedAt, now)
            .SetProperty(e => e.ImportedArtifactId, e => db.ImportEntryResults
                .Where(r => r.ImportJobId == jobId && r.CatalogEntryId == e.Id)
                .Select(r => r.ArtifactId)
                .FirstOrDefault())
            .SetProperty(e => e.CollidedWith, e => db.ImportEntryResults
                .Where(r => r.ImportJobId == jobId && r.CatalogEntryId == e.Id)
                .Select(r => r.CollidedWith)
                .FirstOrDefault())
            .SetProperty(e => e.ImportError, (string?)null)
            .SetProperty(e => e.ImportErrorAt, (DateTimeOffset?)null)
            .SetProperty(e => e.UpdatedAt, now), ct);
    }

    /// <summary>Skipped entries keep their state; they record with what they collided (from their result row) and by which
    /// import.</summary>
    public static async Task MarkSkippedAsync(MarketplaceDbContext db, Guid jobId, List<Guid> entryIds, CancellationToken ct)
    {
        if (entryIds.Count == 0)
        {
            return;
        }

        await db.CatalogEntries.Where(e => entryIds.Contains(e.Id)).ExecuteUpdateAsync(u => u
            .SetProperty(e => e.ImportId, jobId)
            .SetProperty(e => e.CollidedWith, e => db.ImportEntryResults
                .Where(r => r.ImportJobId == jobId && r.CatalogEntryId == e.Id)
                .Select(r => r.CollidedWith)
                .FirstOrDefault()), ct);
    }

    /// <summary>Records an entry's failure (on the entry and as its result) in its own unit, after its batch rolled back.</summary>
    public static async Task RecordIsolatedFailureAsync(MarketplaceDbContext db, ImportContext import, int batchIndex, Guid entryId,
        string error, DateTimeOffset now, CancellationToken ct)
    {
        var message = Truncate(error);
        await db.CatalogEntries.Where(e => e.Id == entryId).ExecuteUpdateAsync(u => u
            .SetProperty(e => e.ImportError, message)
            .SetProperty(e => e.ImportErrorAt, now)
            .SetProperty(e => e.ImportId, import.JobId), ct);
        db.ImportEntryResults.Add(new ImportEntryResult
        {
            ImportJobId = import.JobId,
            CatalogEntryId = entryId,
            BatchIndex = batchIndex,
            Outcome = ImportOutcome.Failed,
            Error = message,
            At = now,
        });
        await AddToJobAsync(db, import, new BatchTally { Failed = 1 }, ct);
    }

    /// <summary>Adds the batch's counts to the job's (the fence that opened the unit has renewed its lease).</summary>
    public static async Task AddToJobAsync(MarketplaceDbContext db, ImportContext import, BatchTally tally, CancellationToken ct) =>
        await db.ImportJobs.Where(j => j.Id == import.JobId).ExecuteUpdateAsync(u => u
            .SetProperty(j => j.ImportedCount, j => j.ImportedCount + tally.Imported)
            .SetProperty(j => j.SkippedCount, j => j.SkippedCount + tally.Skipped)
            .SetProperty(j => j.FailedCount, j => j.FailedCount + tally.Failed), ct);

    public static EntryOutcome MarkFailed(CatalogEntry entry, Guid jobId, string error, DateTimeOffset now)
    {
        entry.ImportError = Truncate(error);
        entry.ImportErrorAt = now;
        entry.ImportId = jobId;
        return EntryOutcome.Failed(entry.ImportError);
    }

    public static string Truncate(string error) => error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
}
