using Marketplace.Data.Model;

namespace Marketplace.Catalog.Entries;

/// <summary>Filters and page of a catalog listing; <see cref="Plugin"/> is a plugin and its components.</summary>
public sealed record CatalogQuery(CatalogEntryStatus? Status, ArtifactType? Type, int Skip, int Limit, string? Plugin = null);
