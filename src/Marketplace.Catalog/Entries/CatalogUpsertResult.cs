using Marketplace.Catalog.Sources;

namespace Marketplace.Catalog.Entries;

/// <summary>
/// What an upsert or a scan changed in a source's catalog (new, updated, unchanged, removed), what a scan skipped
/// (<see cref="Warnings"/>), the commit it read and what the marketplace's manifest says of itself.
/// </summary>
public sealed record CatalogUpsertResult(int Total, int Created, int Updated, int Unchanged, int Removed)
{
    public IReadOnlyList<ScanWarning> Warnings { get; init; } = [];

    public string? Commit { get; init; }

    public MarketplaceInfo? Marketplace { get; init; }

    /// <summary>Value equality, the warnings compared item by item.</summary>
    public bool Equals(CatalogUpsertResult? other) =>
        other is not null && (Total, Created, Updated, Unchanged, Removed) == (other.Total, other.Created, other.Updated,
            other.Unchanged, other.Removed)
        && Warnings.SequenceEqual(other.Warnings);

    public override int GetHashCode() => HashCode.Combine(Total, Created, Updated, Unchanged, Removed, Warnings.Count);
}
