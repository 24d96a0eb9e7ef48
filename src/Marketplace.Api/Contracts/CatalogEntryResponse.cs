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
    /// <summary>The identity the entry imports as (<c>type:plugin:name@namespace</c>).</summary>
    public string Key { get; init; } = "";
    public string? DisplayName { get; init; }
    public string? Plugin { get; init; }
    public string? Commit { get; init; }
    public string? Author { get; init; }
    public string? Category { get; init; }
    public string? RemoteSource { get; init; }

    /// <summary>Why the entry cannot be imported as it is (a limit, a link, another repository), known at scan time.</summary>
    public string? Problem { get; init; }

    /// <summary>The artifact the last import found in the entry's place (skipped or renamed).</summary>
    public string? CollidedWith { get; init; }

    public static CatalogEntryResponse From(CatalogEntry e) => new(
        e.Id, e.SourceId, e.ArtifactType, e.Name, e.Path, e.UpstreamUrl, e.DetectedSha, e.DetectedVersion, e.Confidence, e.Status,
        e.ExcludedReason, e.ImportId, e.ImportedAt, e.ImportedArtifactId, e.ImportError, e.ImportErrorAt, e.Description, e.Tags,
        e.CreatedAt, e.UpdatedAt)
    {
        Key = e.Key, DisplayName = e.DisplayName, Plugin = e.Plugin, Commit = e.Commit, Author = e.Author, Category = e.Category,
        RemoteSource = e.RemoteSource, Problem = e.Problem, CollidedWith = e.CollidedWith,
    };
}
