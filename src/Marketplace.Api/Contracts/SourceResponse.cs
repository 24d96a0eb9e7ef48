using Marketplace.Data.Model;

namespace Marketplace.Api.Contracts;

/// <summary>A marketplace source as the API shows it.</summary>
public sealed record SourceResponse(
    Guid Id,
    string Name,
    string RepoUrl,
    string Ref,
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
    public static SourceResponse From(MarketplaceSource s) => new(
        s.Id, s.Name, s.RepoUrl, s.Ref, s.LocalPath, s.TrustLevel, s.ScanStatus, s.ScanError, s.LastScannedAt,
        s.EntryCount, s.ImportedCount, s.CreatedAt, s.UpdatedAt);
}
