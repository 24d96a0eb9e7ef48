namespace Marketplace.Caching;

/// <summary>
/// The cache's size (entries, value bytes, the file and its WAL on disk) and this process's figures: hits, misses,
/// evictions, hits not yet flushed, and the writer's group commits (how many stores each transaction carried).
/// </summary>
public sealed record CacheStats(long Entries, long TotalBytes, long PinnedEntries, long Hits, long Misses, long Evictions, int PendingHits)
{
    public long FileBytes { get; init; }
    public long WalBytes { get; init; }
    public long Commits { get; init; }
    public double MeanWritesPerCommit { get; init; }
}
