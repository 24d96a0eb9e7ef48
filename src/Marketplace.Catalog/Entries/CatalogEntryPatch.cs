namespace Marketplace.Catalog.Entries;

/// <summary>An edit of one catalog entry: exclude (with a reason) or restore, and/or a new description.</summary>
public sealed record CatalogEntryPatch(bool? Excluded, string? ExcludedReason, string? Description);
