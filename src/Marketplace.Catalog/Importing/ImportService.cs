using Marketplace.Catalog.Sources;
using Marketplace.Catalog.Sources.Confinement;
using Marketplace.Catalog.Sources.Git;
using Marketplace.Data;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// Imports catalog entries into the default collection in batches (DESIGN §5), and owns an import job's life:
/// everything — the request, its entries, the source folder — is validated before the job row is written; each
/// batch's content is read before its transaction (<see cref="ImportContentPreparer"/>) and committed as one
/// write unit (<see cref="ImportBatchCommitter"/>); a run that fails marks its job interrupted and lets go of it,
/// so a resume can take it up at once.
/// </summary>
public sealed class ImportService(
    IDbContextFactory<MarketplaceDbContext> contexts,
    LocalSourcePaths localPaths,
    GitMirrors mirrors,
    ImportJobStore jobs,
    ImportContentPreparer content,
    ImportBatchCommitter batches,
    ImportLeases leases,
    IOptions<ImportOptions> options,
    TimeProvider time)
{
    public async Task<ImportResult> ImportAsync(Guid sourceId, ImportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (entryIds, strategy, batchSize) = ImportRequestValidator.ValidateShape(request, options.Value);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var source = await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
            ?? throw new NotFoundException("Source", sourceId);
        if (request.Selection is { } selection)
        {
            entryIds = await ImportSelectionResolver.ResolveAsync(db, sourceId, selection, options.Value.MaxEntriesPerRequest,
                cancellationToken);
        }

        // One JSON parameter, not EF 10's default of one parameter per id: SQLite finds each named parameter by a linear
        // search, so binding 10 000 of them cost 2 s of a 10 000-entry import (bench `bulk`); a list is read in one pass.
        var found = await db.CatalogEntries.AsNoTracking().Where(e => EF.Parameter(entryIds).Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, cancellationToken);
        ImportRequestValidator.ValidateEntries(sourceId, entryIds, found);
        using var tree = OpenTree(source); // the last check that can answer 400: after it, the job exists

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
        leases.TryBegin(job.Id);
        try
        {
            await jobs.CreateAsync(job, cancellationToken);
            var import = new ImportContext(job.Id, source, strategy, options.Value.LeaseDuration);
            await GuardAsync(job.Id, () => RunAsync(import, tree, order, children, batchSize, firstBatch: 0, cancellationToken));
        }
        finally
        {
            leases.End(job.Id);
        }

        return await GetAsync(job.Id, cancellationToken);
    }

    /// <summary>Continues an interrupted import with the entries that have no outcome yet.</summary>
    public async Task<ImportResult> ResumeAsync(Guid importId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == importId, cancellationToken)
            ?? throw new NotFoundException("Import", importId);
        var source = await db.Sources.AsNoTracking().FirstAsync(s => s.Id == job.SourceId, cancellationToken);
        using var tree = OpenTree(source);
        if (!leases.TryBegin(importId))
        {
            throw new ConflictException($"Import '{importId}' is still running in this process.");
        }

        try
        {
            if (!await jobs.ClaimAsync(importId, cancellationToken))
            {
                var now = await db.ImportJobs.AsNoTracking().FirstAsync(j => j.Id == importId, cancellationToken);
                throw new ConflictException(now.Status == ImportStatus.Running
                    ? $"Import '{importId}' is still running (its lease runs until {now.LeaseExpiresAt:O})."
                    : $"Import '{importId}' has already finished ({WireName.Of(now.Status)}).");
            }

            await GuardAsync(importId, () => ContinueAsync(db, job, source, tree, cancellationToken));
        }
        finally
        {
            leases.End(importId);
        }

        return await GetAsync(importId, cancellationToken);
    }

    private async Task ContinueAsync(MarketplaceDbContext db, ImportJob job, MarketplaceSource source, SourceTree? tree,
        CancellationToken cancellationToken)
    {
        var done = await db.ImportEntryResults.Where(r => r.ImportJobId == job.Id)
            .Select(r => new { r.CatalogEntryId, r.BatchIndex }).ToListAsync(cancellationToken);
        var entries = await db.CatalogEntries.AsNoTracking().Where(e => EF.Parameter(job.EntryIds).Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, cancellationToken);
        // The plan was fixed when the import started (job.EntryIds); only the composites' children are needed again.
        var (_, children) = await PlanAsync(db, job.SourceId, [.. job.EntryIds.Where(entries.ContainsKey).Select(id => entries[id])],
            cancellationToken);
        var open = job.EntryIds.Except(done.Select(d => d.CatalogEntryId)).ToList();
        var nextBatch = done.Count == 0 ? 0 : done.Max(d => d.BatchIndex) + 1;
        var import = new ImportContext(job.Id, source, job.ConflictStrategy, options.Value.LeaseDuration);
        await batches.RecordVanishedAsync(import, [.. open.Where(id => !entries.ContainsKey(id))], nextBatch, cancellationToken);
        var remaining = open.Where(entries.ContainsKey).Select(id => entries[id]).ToList();
        await RunAsync(import, tree, remaining, children, job.BatchSize, nextBatch, cancellationToken);
    }

    private async Task RunAsync(ImportContext import, SourceTree? tree, IReadOnlyList<CatalogEntry> order,
        Dictionary<Guid, IReadOnlyList<Guid>> children, int batchSize, int firstBatch, CancellationToken cancellationToken)
    {
        var index = firstBatch;
        // A batch's timings are known only after its commit; they ride along in the next unit, not a unit of their own.
        ImportBatchFigures? pending = null;
        foreach (var batch in order.Chunk(batchSize))
        {
            var prepared = await content.PrepareAsync(tree, batch, children, cancellationToken);
            pending = await batches.CommitBatchAsync(import, index++, prepared, pending, cancellationToken);
        }

        await jobs.FinishAsync(import, pending, cancellationToken);
    }

    /// <summary>A run that fails for any reason marks its job interrupted before the failure goes on to the caller.</summary>
    private async Task GuardAsync(Guid jobId, Func<Task> run)
    {
        try
        {
            await run();
        }
        catch (Exception ex)
        {
            await jobs.MarkInterruptedAsync(jobId, ex);
            throw;
        }
    }

    /// <summary>
    /// The source's folder, opened and checked now (400 naming <c>localPath</c>), or the checkout of the commit its last scan
    /// read; null for a source that was never fetched (its catalog was uploaded: metadata only).
    /// </summary>
    private SourceTree? OpenTree(MarketplaceSource source)
    {
        if (source.LocalPath is not null)
        {
            return localPaths.Open(source.LocalPath);
        }

        if (source.ResolvedCommit is null)
        {
            return null;
        }

        var folder = mirrors.CheckoutOf(source.Id, source.ResolvedCommit)
            ?? throw new RequestValidationException("sourceId",
                $"The commit {source.ResolvedCommit} of this source is no longer checked out; scan the source again.");
        return SourceTree.Open(LocalSourcePaths.RealPath(folder), immutable: true);
    }

    /// <summary>The import order of <paramref name="entries"/>, loading the source's catalog only when a composite needs its
    /// children.</summary>
    private static async Task<(List<CatalogEntry> Order, Dictionary<Guid, IReadOnlyList<Guid>> Children)> PlanAsync(
        MarketplaceDbContext db, Guid sourceId, IReadOnlyList<CatalogEntry> entries, CancellationToken cancellationToken)
    {
        var sourceEntries = entries.Any(e => e.ArtifactType == ArtifactType.Plugin)
            ? await db.CatalogEntries.AsNoTracking().Where(e => e.SourceId == sourceId).ToListAsync(cancellationToken)
            : [];
        return ImportPlan.Build(entries, sourceEntries);
    }

    public Task<ImportResult> GetAsync(Guid importId, CancellationToken cancellationToken) => ImportResultReader.ReadAsync(contexts,
        time, importId, cancellationToken);
}
