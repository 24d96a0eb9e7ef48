using Marketplace.Data.Model;

namespace Marketplace.Catalog.Entries;

/// <summary>
/// An entry as a scan found it or a catalog upload describes it; upserted by <see cref="Path"/>. <see cref="Plugin"/> is the
/// plugin a component belongs to; <see cref="DisplayName"/> the name as written when <see cref="Name"/> had to be a slug.
/// </summary>
public sealed record CatalogItem(
    ArtifactType Type,
    string Name,
    string Path,
    string? Description = null,
    string? Version = null,
    IReadOnlyList<string>? Tags = null,
    string? Sha = null,
    int Confidence = 100,
    string? UpstreamUrl = null)
{
    public string? DisplayName { get; init; }
    public string? Plugin { get; init; }
    public string? Author { get; init; }
    public string? Category { get; init; }

    /// <summary>Where a plugin the manifest lists from another repository lives.</summary>
    public string? RemoteSource { get; init; }

    /// <summary>Why the entry cannot be imported as it is, known already at scan time.</summary>
    public string? Problem { get; init; }
    public string? Commit { get; init; }

    /// <summary>Value equality, the tags compared item by item.</summary>
    public bool Equals(CatalogItem? other) =>
        other is not null && (Type, Name, Path, Description, Version, Sha, Confidence, UpstreamUrl, DisplayName, Plugin, Author, Category)
            == (other.Type, other.Name, other.Path, other.Description, other.Version, other.Sha, other.Confidence, other.UpstreamUrl,
                other.DisplayName, other.Plugin, other.Author, other.Category)
        && (RemoteSource, Problem, Commit) == (other.RemoteSource, other.Problem, other.Commit)
        && (Tags ?? []).SequenceEqual(other.Tags ?? []);

    public override int GetHashCode() => HashCode.Combine(Type, Name, Path, Sha, Plugin);
}
