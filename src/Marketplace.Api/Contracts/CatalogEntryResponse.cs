using Marketplace.Data.Model;

namespace Marketplace.Api.Contracts;

/// <summary>A catalog entry as the API shows it.</summary>
public sealed record CatalogEntryResponse(
    Guid Id,
    Guid SourceId,
    ArtifactType ArtifactType,
    string Name,
    string Path,
    string? UpstreamUrl,
    string? DetectedSha,
    string? DetectedVersion,
    int Confidence,
    CatalogEntryStatus Status,
    string? ExcludedReason,
    Guid? ImportId,
    DateTimeOffset? ImportedAt,
    Guid? ImportedArtifactId,
    string? ImportError,
    DateTimeOffset? ImportErrorAt,
    string? Description,
    IReadOnlyList<string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static CatalogEntryResponse From(CatalogEntry e) => new(
        e.Id, e.SourceId, e.ArtifactType, e.Name, e.Path, e.UpstreamUrl, e.DetectedSha, e.DetectedVersion, e.Confidence, e.Status,
        e.ExcludedReason, e.ImportId, e.ImportedAt, e.ImportedArtifactId, e.ImportError, e.ImportErrorAt, e.Description, e.Tags, e.CreatedAt, e.UpdatedAt);
}
