namespace Marketplace.Data.Model;

/// <summary>Links an artifact to a tag.</summary>
public sealed class ArtifactTag
{
    public Guid ArtifactId { get; set; }
    public int TagId { get; set; }

    public Tag? Tag { get; set; }
}
