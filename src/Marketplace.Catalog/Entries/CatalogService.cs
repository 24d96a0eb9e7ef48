using Marketplace.Catalog.Importing;
using Marketplace.Catalog.Sources;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Entries;

/// <summary>
/// A source's catalog: upload (bulk upsert by path, <see cref="CatalogUpserter"/>), listing, and edits
/// (<see cref="CatalogPatcher"/>). Scans are <see cref="SourceScanService"/>'s.
/// </summary>
public sealed class CatalogService(
    IDbContextFactory<MarketplaceDbContext> contexts,
    IWriteUnitRunner writes,
    IOptions<ImportOptions> importOptions,
    TimeProvider time)
{
    public async Task<CatalogUpsertResult> UpsertAsync(Guid sourceId, IReadOnlyList<CatalogItem>? items,
        CancellationToken cancellationToken)
    {
        CatalogItemValidator.Validate(items, importOptions.Value.MaxEntriesPerRequest);
        var source = await RequireSourceAsync(sourceId, cancellationToken);
        var result = await CatalogUpserter.ApplyAsync(writes, time, sourceId, source.Namespace, UploadedItems.Normalize(items!),
            removeMissing: false, cancellationToken);
        await CatalogUpserter.FinishAsync(writes, time, sourceId, scanned: false, cancellationToken);
        return result;
    }

    public async Task<(IReadOnlyList<CatalogEntry> Items, int Total)> ListAsync(Guid sourceId, CatalogQuery query,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await RequireSourceAsync(sourceId, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = db.CatalogEntries.AsNoTracking().Where(e => e.SourceId == sourceId);
        if (query.Status is { } status)
        {
            entries = entries.Where(e => e.Status == status);
        }

        if (query.Type is { } type)
        {
            entries = entries.Where(e => e.ArtifactType == type);
        }

        if (query.Plugin is { } plugin)
        {
            entries = entries.Where(e => e.Plugin == plugin || (e.ArtifactType == ArtifactType.Plugin && e.Name == plugin));
        }

        var total = await entries.CountAsync(cancellationToken);
        var items = await entries.OrderBy(e => e.Path).Skip(query.Skip).Take(query.Limit).ToListAsync(cancellationToken);
        return (items, total);
    }

    public Task<CatalogEntry> PatchAsync(Guid sourceId, Guid entryId, CatalogEntryPatch patch, CancellationToken cancellationToken) =>
        CatalogPatcher.PatchAsync(writes, time, sourceId, entryId, patch, cancellationToken);

    private async Task<MarketplaceSource> RequireSourceAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
            ?? throw new NotFoundException("Source", sourceId);
    }
}
