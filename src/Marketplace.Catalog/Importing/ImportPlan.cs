using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// The ordered list of entries an import will process: each requested entry, and for a composite its children
/// (the source's entries that belong to the plugin, in path order) just before it, so memberships can link them.
/// </summary>
internal static class ImportPlan
{
    public static (List<CatalogEntry> Order, Dictionary<Guid, IReadOnlyList<Guid>> Children) Build(IReadOnlyList<CatalogEntry> requested,
        IReadOnlyList<CatalogEntry> sourceEntries)
    {
        var order = new List<CatalogEntry>();
        var seen = new HashSet<Guid>();
        var children = new Dictionary<Guid, IReadOnlyList<Guid>>();
        foreach (var entry in requested)
        {
            if (entry.ArtifactType == ArtifactType.Plugin)
            {
                var kids = sourceEntries
                    .Where(e => e.ArtifactType != ArtifactType.Plugin
                        && e.Status is not (CatalogEntryStatus.Excluded or CatalogEntryStatus.Removed)
                        && e.Plugin == ArtifactIdentity.Qualifier(entry.Name))
                    .OrderBy(e => e.Path, StringComparer.Ordinal)
                    .ToList();
                children[entry.Id] = [.. kids.Select(k => k.Id)];
                order.AddRange(kids.Where(k => seen.Add(k.Id)));
            }

            if (seen.Add(entry.Id))
            {
                order.Add(entry);
            }
        }

        return (order, children);
    }
}
