namespace Marketplace.Catalog.Entries;

/// <summary>What an upsert or a scan changed in a source's catalog.</summary>
public sealed record CatalogUpsertResult(int Total, int Created, int Updated, int Unchanged, int Removed);
