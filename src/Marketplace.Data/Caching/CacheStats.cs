namespace Marketplace.Data.Caching;

/// <summary>The cache's size and this process's hit figures.</summary>
public sealed record CacheStats(long Entries, long TotalBytes, long PinnedEntries, long Hits, long Misses, long Evictions, int PendingHits);
