using Marketplace.Catalog.Entries;

namespace Marketplace.Catalog.Sources;

/// <summary>What a scan found, and what it skipped or could not use.</summary>
public sealed record SourceScan(IReadOnlyList<CatalogItem> Items, IReadOnlyList<ScanWarning> Warnings);
