namespace Marketplace.Data.Model;

/// <summary>A git repository that publishes agent artifacts.</summary>
public sealed class MarketplaceSource
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string RepoUrl { get; set; }
    public string Ref { get; set; } = "main";
    public string? LocalPath { get; set; }
    public TrustLevel TrustLevel { get; set; } = TrustLevel.Untrusted;
    public ScanStatus ScanStatus { get; set; } = ScanStatus.NotScanned;
    public string? ScanError { get; set; }
    public DateTimeOffset? LastScannedAt { get; set; }
    public int EntryCount { get; set; }
    public int ImportedCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<CatalogEntry> Entries { get; } = [];
}
