using Marketplace.Data.Model;

namespace Marketplace.Catalog.Collections;

/// <summary>
/// One artifact with where it comes from (plugin, namespace, origin, commit), its tags, files and (for a composite) its
/// members in order.
/// </summary>
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
    DateTimeOffset UpdatedAt)
{
    public string? DisplayName { get; init; }
    public string? Plugin { get; init; }
    public string? Namespace { get; init; }

    /// <summary>The commit the artifact was imported from (git sources).</summary>
    public string? Commit { get; init; }
}
