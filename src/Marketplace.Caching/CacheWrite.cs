namespace Marketplace.Caching;

/// <summary>One change the writer applies; its task completes only after the transaction holding it commits.</summary>
internal abstract record CacheWrite
{
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public sealed record Store(string Key, byte[] Value, long? AbsoluteExpiry, long? SlidingTicks, bool? Pinned, long Now) : CacheWrite;

    public sealed record Remove(string Key) : CacheWrite;

    public sealed record Pin(IReadOnlyList<string> Keys, bool Pinned) : CacheWrite;

    public sealed record UnpinAll : CacheWrite;

    /// <summary>Recorded hits: key → access time (UTC ticks); applied in chunks, never moving a time backwards.</summary>
    public sealed record Touch(IReadOnlyDictionary<string, long> Hits) : CacheWrite;

    /// <summary>Asks for one more capped round of eviction when the total is still over the limit.</summary>
    public sealed record Evict : CacheWrite;

    /// <summary>Upkeep after the group commits: return up to <see cref="MaxPages"/> free pages, then checkpoint the WAL.</summary>
    public sealed record Maintain(int MaxPages) : CacheWrite
    {
        public long FreedPages { get; set; }
    }
}
