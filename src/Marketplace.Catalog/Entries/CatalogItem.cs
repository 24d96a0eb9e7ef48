using Marketplace.Data.Model;

namespace Marketplace.Catalog.Entries;

/// <summary>An entry as a scan found it or a catalog upload describes it; upserted by <see cref="Path"/>.</summary>
public sealed record CatalogItem(
    ArtifactType Type,
    string Name,
    string Path,
    string? Description = null,
    string? Version = null,
    IReadOnlyList<string>? Tags = null,
    string? Sha = null,
    int Confidence = 100,
    string? UpstreamUrl = null);
