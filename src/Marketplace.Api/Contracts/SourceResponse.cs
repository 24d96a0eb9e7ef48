using Marketplace.Catalog.Entries;
using Marketplace.Catalog.Sources;
using Marketplace.Data.Model;

namespace Marketplace.Api.Contracts;

/// <summary>
/// A marketplace source as the API shows it: what it fetches (repository, ref, the commit it resolved to), what its
/// manifest says (marketplace name, owner, description), the namespace its artifacts' keys carry, and its last scan
/// (status, error, warnings).
/// </summary>
public sealed record SourceResponse(
    Guid Id,
    string Name,
    string RepoUrl,
    string? Ref,
    string? LocalPath,
    TrustLevel TrustLevel,
    ScanStatus ScanStatus,
    string? ScanError,
    DateTimeOffset? LastScannedAt,
    int EntryCount,
    int ImportedCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public string Namespace { get; init; } = "";
    public string? ResolvedCommit { get; init; }
    public DateTimeOffset? LastFetchedAt { get; init; }
    public string? MarketplaceName { get; init; }
    public string? Owner { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Include { get; init; } = [];
    public IReadOnlyList<string> Exclude { get; init; } = [];
    public IReadOnlyList<ScanWarning> ScanWarnings { get; init; } = [];

    /// <summary>Value equality, the lists compared item by item.</summary>
    public bool Equals(SourceResponse? other) =>
        other is not null
        && (Id, Name, RepoUrl, Ref, LocalPath, TrustLevel, ScanStatus, ScanError, LastScannedAt, EntryCount, ImportedCount, CreatedAt,
            UpdatedAt)
            == (other.Id, other.Name, other.RepoUrl, other.Ref, other.LocalPath, other.TrustLevel, other.ScanStatus, other.ScanError,
                other.LastScannedAt, other.EntryCount, other.ImportedCount, other.CreatedAt, other.UpdatedAt)
        && (Namespace, ResolvedCommit, LastFetchedAt, MarketplaceName, Owner, Description)
            == (other.Namespace, other.ResolvedCommit, other.LastFetchedAt, other.MarketplaceName, other.Owner, other.Description)
        && Include.SequenceEqual(other.Include) && Exclude.SequenceEqual(other.Exclude) && ScanWarnings.SequenceEqual(other.ScanWarnings);

    public override int GetHashCode() => HashCode.Combine(Id, UpdatedAt, ScanStatus);

    public static SourceResponse From(MarketplaceSource s) => new(
        s.Id, s.Name, s.RepoUrl, s.Ref, s.LocalPath, s.TrustLevel, s.ScanStatus, s.ScanError, s.LastScannedAt,
        s.EntryCount, s.ImportedCount, s.CreatedAt, s.UpdatedAt)
    {
        Namespace = s.Namespace, ResolvedCommit = s.ResolvedCommit, LastFetchedAt = s.LastFetchedAt, MarketplaceName = s.MarketplaceName,
        Owner = s.Owner, Description = s.Description, Include = s.Include, Exclude = s.Exclude,
        ScanWarnings = SourceScanService.Warnings(s),
    };
}
