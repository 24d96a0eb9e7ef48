using Marketplace.Data;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Importing;

/// <summary>Loads what <see cref="ImportPlan"/> needs: the source's catalog, only when a composite needs its children.</summary>
internal static class ImportPlanning
{
    public static async Task<(List<CatalogEntry> Order, Dictionary<Guid, IReadOnlyList<Guid>> Children)> PlanAsync(
        MarketplaceDbContext db, Guid sourceId, IReadOnlyList<CatalogEntry> entries, CancellationToken cancellationToken)
    {
        var sourceEntries = entries.Any(e => e.ArtifactType == ArtifactType.Plugin)
            ? await db.CatalogEntries.AsNoTracking().Where(e => e.SourceId == sourceId).ToListAsync(cancellationToken)
            : [];
        return ImportPlan.Build(entries, sourceEntries);
    }
}
