namespace Marketplace.Data.Model;

/// <summary>A git repository that publishes agent artifacts.</summary>
public sealed class MarketplaceSource
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string RepoUrl { get; set; }

    /// <summary>The branch, tag or commit to fetch; null fetches the remote's HEAD.</summary>
    public string? Ref { get; set; }

    /// <summary>A development source: a folder read as it is, never fetched.</summary>
    public string? LocalPath { get; set; }

    /// <summary>
    /// What qualifies the identity of the source's artifacts (<c>plugin@namespace</c>): the marketplace's own name
    /// once a manifest has been read, else the source's name, without ':', '@', '/' or spaces.
    /// </summary>
    public required string Namespace { get; set; }

    /// <summary>What the manifest says of the marketplace: its name, owner and description.</summary>
    public string? MarketplaceName { get; set; }
    public string? Owner { get; set; }
    public string? Description { get; set; }

    /// <summary>The commit the last fetch resolved <see cref="Ref"/> to; entries and imported artifacts record it too.</summary>
    public string? ResolvedCommit { get; set; }
    public DateTimeOffset? LastFetchedAt { get; set; }

    /// <summary>What the last successful scan read with (its limits and patterns): the same commit scanned with the same
    /// settings again is known unchanged without reading it.</summary>
    public string? ScanFingerprint { get; set; }

    /// <summary>Path patterns (<c>*</c>, <c>**</c>, <c>?</c>) that narrow a folder walk: only included, never excluded paths.</summary>
    public List<string> Include { get; set; } = [];
    public List<string> Exclude { get; set; } = [];
    public TrustLevel TrustLevel { get; set; } = TrustLevel.Untrusted;
    public ScanStatus ScanStatus { get; set; } = ScanStatus.NotScanned;
    public string? ScanError { get; set; }

    /// <summary>The last scan's warnings as a JSON array of <c>{path, message}</c> (at most 200 and a count of the rest).</summary>
    public string? ScanWarnings { get; set; }
    public DateTimeOffset? LastScannedAt { get; set; }
    public int EntryCount { get; set; }
    public int ImportedCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<CatalogEntry> Entries { get; } = [];
}
