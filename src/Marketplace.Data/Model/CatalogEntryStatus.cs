namespace Marketplace.Data.Model;

/// <summary>Lifecycle of a catalog entry relative to its source and the collection.</summary>
public enum CatalogEntryStatus
{
    New,
    Updated,
    Removed,
    Imported,
    Excluded
}
