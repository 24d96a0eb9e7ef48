namespace Marketplace.Data.Model;

/// <summary>What an import did with one catalog entry.</summary>
public sealed class ImportEntryResult
{
    public Guid ImportJobId { get; set; }
    public Guid CatalogEntryId { get; set; }
    public int BatchIndex { get; set; }
    public ImportOutcome Outcome { get; set; }
    public string? ArtifactKey { get; set; }
    public Guid? ArtifactId { get; set; }
    public string? Error { get; set; }

    /// <summary>The key of the artifact the entry collided with (skipped or renamed).</summary>
    public string? CollidedWith { get; set; }
    public DateTimeOffset At { get; set; }
}
