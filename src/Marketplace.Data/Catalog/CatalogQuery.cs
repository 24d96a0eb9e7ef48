using Marketplace.Data.Model;

namespace Marketplace.Data.Catalog;

/// <summary>Filters and page of a catalog listing.</summary>
public sealed record CatalogQuery(CatalogEntryStatus? Status, ArtifactType? Type, int Skip, int Limit);
