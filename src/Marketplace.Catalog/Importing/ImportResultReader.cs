using Marketplace.Data;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// An import's state as every import call returns it, and lists of them. A running job whose lease lapsed reads as
/// interrupted: its runner died, and the next runner to poll takes it over from its last committed batch.
/// </summary>
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
        return new ImportResult(job.Id, job.SourceId, StatusOf(job, time.GetUtcNow()), job.ConflictStrategy, job.BatchSize, job.TotalCount,
            entries.Count, job.ImportedCount, job.SkippedCount, job.FailedCount, job.RunFailures, job.LeaseOwner, job.LeaseExpiresAt,
            job.CreatedAt, job.StartedAt, job.FinishedAt, job.Error, entries, batches);
    }

    public static async Task<(IReadOnlyList<ImportSummary> Items, int Total)> ListAsync(IDbContextFactory<MarketplaceDbContext> contexts,
        TimeProvider time, ImportQuery query, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        ImportStatus? status = null;
        if (query.Status is not null)
        {
            status = WireName.TryParse<ImportStatus>(query.Status, out var parsed)
                ? parsed
                : throw new RequestValidationException(
                    "status", $"Unknown status '{query.Status}'; use one of {WireName.List<ImportStatus>()}.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var jobs = db.ImportJobs.AsNoTracking();
        if (query.SourceId is { } sourceId)
        {
            jobs = jobs.Where(j => j.SourceId == sourceId);
        }

        jobs = status switch
        {
            null => jobs,
            ImportStatus.Interrupted => jobs.Where(j => j.Status == ImportStatus.Interrupted
                || (j.Status == ImportStatus.Running && j.LeaseExpiresAt < now)),
            ImportStatus.Running => jobs.Where(j => j.Status == ImportStatus.Running && !(j.LeaseExpiresAt < now)),
            { } s => jobs.Where(j => j.Status == s),
        };
        var total = await jobs.CountAsync(cancellationToken);
        var page = await jobs.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Skip(query.Skip).Take(query.Limit)
            .ToListAsync(cancellationToken);
        return ([.. page.Select(j => new ImportSummary(j.Id, j.SourceId, StatusOf(j, now), j.ConflictStrategy, j.BatchSize, j.TotalCount,
            j.ImportedCount + j.SkippedCount + j.FailedCount, j.ImportedCount, j.SkippedCount, j.FailedCount, j.RunFailures, j.LeaseOwner,
            j.LeaseExpiresAt, j.ParentExecutionId, j.ParentStageId, j.CreatedAt, j.StartedAt, j.FinishedAt, j.Error))], total);
    }

    private static string StatusOf(ImportJob job, DateTimeOffset now) =>
        WireName.Of(job.Status == ImportStatus.Running && job.LeaseExpiresAt < now ? ImportStatus.Interrupted : job.Status);
}
