using Marketplace.Data.Model;

namespace Marketplace.Catalog.Entries;

/// <summary>
/// Filters and page of a catalog listing; <see cref="Plugin"/> is a plugin and its components. <see cref="After"/> is a
/// cursor: the path of the last entry of the page before; the page starts after it (and <see cref="Skip"/> counts from
/// there), at the same cost however deep.
/// </summary>
public sealed record CatalogQuery(CatalogEntryStatus? Status, ArtifactType? Type, int Skip, int Limit, string? Plugin = null)
{
    public string? After { get; init; }
}
