using Marketplace.Data;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Importing;

/// <summary>An import's state as <c>GET /imports/{id}</c> and every import call return it; a lapsed lease reads as interrupted.</summary>
internal static class ImportResultReader
{
    public static async Task<ImportResult> ReadAsync(IDbContextFactory<MarketplaceDbContext> contexts, TimeProvider time, Guid importId,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == importId, cancellationToken)
            ?? throw new NotFoundException("Import", importId);
        var plan = job.EntryIds.Select((id, position) => (id, position)).ToDictionary(p => p.id, p => p.position);
        var entries = (await db.ImportEntryResults.AsNoTracking().Where(r => r.ImportJobId == importId)
                .Select(r => new ImportEntryOutcome(r.CatalogEntryId, r.BatchIndex, r.Outcome, r.ArtifactKey, r.ArtifactId, r.Error,
                    r.CollidedWith))
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
}
