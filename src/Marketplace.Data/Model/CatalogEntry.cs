namespace Marketplace.Data.Model;

/// <summary>An artifact a source publishes, as last seen by a scan or a catalog upload.</summary>
public sealed class CatalogEntry
{
    public Guid Id { get; set; }
    public Guid SourceId { get; set; }
    public ArtifactType ArtifactType { get; set; }

    /// <summary>The name as a key can hold it (a slug of <see cref="DisplayName"/> when that cannot be one).</summary>
    public required string Name { get; set; }

    /// <summary>The name as the source wrote it, when it differs from <see cref="Name"/>.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The plugin a component belongs to (null for plugins and standalone artifacts).</summary>
    public string? Plugin { get; set; }

    /// <summary>The identity the entry imports as: <c>type:plugin:name@namespace</c>, <c>plugin:name@namespace</c> or
    /// <c>type:name@namespace</c>.</summary>
    public required string Key { get; set; }
    public required string Path { get; set; }
    public string? UpstreamUrl { get; set; }
    public string? DetectedSha { get; set; }
    public string? DetectedVersion { get; set; }

    /// <summary>The commit of the scan that last saw the entry (git sources).</summary>
    public string? Commit { get; set; }
    public string? Author { get; set; }
    public string? Category { get; set; }

    /// <summary>A plugin the manifest lists from another repository (<c>github:owner/repo@ref</c>, a git URL, an npm package).</summary>
    public string? RemoteSource { get; set; }

    /// <summary>Why the entry cannot be imported as it is (a limit, a link, a remote source), known at scan time.</summary>
    public string? Problem { get; set; }
    public int Confidence { get; set; } = 100;
    public CatalogEntryStatus Status { get; set; } = CatalogEntryStatus.New;
    public string? ExcludedReason { get; set; }
    public Guid? ImportId { get; set; }

    /// <summary>The artifact this entry was last imported as; a re-import updates it instead of adding another.</summary>
    public Guid? ImportedArtifactId { get; set; }
    public DateTimeOffset? ImportedAt { get; set; }
    public string? ImportError { get; set; }

    /// <summary>The key of the artifact the last import found in the entry's place (skipped or renamed).</summary>
    public string? CollidedWith { get; set; }
    public DateTimeOffset? ImportErrorAt { get; set; }
    public string? Description { get; set; }
    public List<string> Tags { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public MarketplaceSource? Source { get; set; }
}
