namespace Marketplace.Data.Model;

/// <summary>An artifact's membership in a collection, with what was imported.</summary>
public sealed class CollectionArtifact
{
    public Guid CollectionId { get; set; }
    public Guid ArtifactId { get; set; }
    public string? Description { get; set; }
    public string? Author { get; set; }
    public string? License { get; set; }
    public string? Version { get; set; }
    public string? ResolvedSha { get; set; }
    public string? ContentHash { get; set; }
    public string? StructureHash { get; set; }
    public int FileCount { get; set; }
    public long TotalSize { get; set; }
    public string? Origin { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public DateTimeOffset SyncedAt { get; set; }

    public Collection? Collection { get; set; }
    public Artifact? Artifact { get; set; }
}
