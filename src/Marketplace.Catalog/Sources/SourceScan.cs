using Marketplace.Catalog.Entries;

namespace Marketplace.Catalog.Sources;

/// <summary>What a scan found, what it skipped or could not use, and (with a manifest) what the marketplace says of itself.</summary>
public sealed record SourceScan(IReadOnlyList<CatalogItem> Items, IReadOnlyList<ScanWarning> Warnings, MarketplaceInfo? Marketplace = null);

/// <summary>A marketplace manifest's name, owner and description, and how many plugins it lists.</summary>
public sealed record MarketplaceInfo(string? Name, string? Owner, string? Description, int PluginCount);
