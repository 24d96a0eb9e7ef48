namespace Marketplace.Data.Model;

/// <summary>
/// An imported artifact, identified by its stable id and its unique key, which says where it comes from:
/// <c>type:plugin:name@namespace</c> for a plugin's component, <c>plugin:name@namespace</c> for a plugin,
/// <c>type:name@namespace</c> for a standalone artifact (<see cref="ArtifactIdentity"/>).
/// </summary>
public sealed class Artifact
{
    public Guid Id { get; set; }
    public required string Key { get; set; }
    public ArtifactType Type { get; set; }
    public required string Name { get; set; }
    public string? DisplayName { get; set; }

    /// <summary>The plugin and the namespace the key is qualified by (null on keys older than qualified identities).</summary>
    public string? Plugin { get; set; }
    public string? Namespace { get; set; }
    public string? SourceUrl { get; set; }
    public string? ContentHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
