namespace Marketplace.Data.Model;

/// <summary>An artifact (a plugin) that bundles other artifacts.</summary>
public sealed class CompositeArtifact
{
    public Guid ArtifactId { get; set; }
    public string? Manifest { get; set; }
    public int MemberCount { get; set; }

    public Artifact? Artifact { get; set; }
    public List<CompositeMembership> Members { get; } = [];
}
