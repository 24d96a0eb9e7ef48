namespace Marketplace.Data.Model;

/// <summary>A child artifact's place in a composite.</summary>
public sealed class CompositeMembership
{
    public Guid CompositeId { get; set; }
    public Guid ChildArtifactId { get; set; }
    public int Position { get; set; }
    public string Relationship { get; set; } = "contains";

    public Artifact? Child { get; set; }
}
