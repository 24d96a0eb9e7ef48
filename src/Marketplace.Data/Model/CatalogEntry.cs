namespace Marketplace.Data.Model;

/// <summary>An artifact a source publishes, as last seen by a scan or a catalog upload.</summary>
public sealed class CatalogEntry
{
    public Guid Id { get; set; }
    public Guid SourceId { get; set; }
    public ArtifactType ArtifactType { get; set; }
    public required string Name { get; set; }
    public required string Path { get; set; }
    public string? UpstreamUrl { get; set; }
    public string? DetectedSha { get; set; }
    public string? DetectedVersion { get; set; }
    public int Confidence { get; set; } = 100;
    public CatalogEntryStatus Status { get; set; } = CatalogEntryStatus.New;
    public string? ExcludedReason { get; set; }
    public Guid? ImportId { get; set; }

    /// <summary>The artifact this entry was last imported as; a re-import updates it instead of adding another.</summary>
    public Guid? ImportedArtifactId { get; set; }
    public DateTimeOffset? ImportedAt { get; set; }
    public string? ImportError { get; set; }
    public DateTimeOffset? ImportErrorAt { get; set; }
    public string? Description { get; set; }
    public List<string> Tags { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public MarketplaceSource? Source { get; set; }
}
