using Marketplace.Data.Model;

namespace Marketplace.Catalog.Entries;

/// <summary>Filters and page of a catalog listing.</summary>
public sealed record CatalogQuery(CatalogEntryStatus? Status, ArtifactType? Type, int Skip, int Limit);
