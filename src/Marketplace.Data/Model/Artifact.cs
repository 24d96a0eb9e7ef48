namespace Marketplace.Data.Model;

/// <summary>An imported artifact, identified by its stable id and its unique <c>type:name</c> key.</summary>
public sealed class Artifact
{
    public Guid Id { get; set; }
    public required string Key { get; set; }
    public ArtifactType Type { get; set; }
    public required string Name { get; set; }
    public string? SourceUrl { get; set; }
    public string? ContentHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The unique key of an artifact of this type and name.</summary>
    public static string KeyOf(ArtifactType type, string name) => $"{WireName.Of(type)}:{name}";
}
