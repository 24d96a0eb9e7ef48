using Marketplace.Data.Model;

namespace Marketplace.Data.Collections;

/// <summary>One artifact with its tags, files and (for a composite) its members in order.</summary>
public sealed record ArtifactDetail(
    Guid Id,
    string Key,
    ArtifactType Type,
    string Name,
    string? SourceUrl,
    string? ContentHash,
    string? Version,
    string? Description,
    string? Author,
    string? License,
    string? Origin,
    IReadOnlyList<string> Tags,
    IReadOnlyList<ArtifactFileInfo> Files,
    IReadOnlyList<CompositeMemberInfo> Members,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A file of an artifact (its content is stored once per SHA-256).</summary>
public sealed record ArtifactFileInfo(string Path, long Size, string Sha256);

/// <summary>A composite's member, at its position.</summary>
public sealed record CompositeMemberInfo(int Position, string Key, Guid ArtifactId, string Relationship);
