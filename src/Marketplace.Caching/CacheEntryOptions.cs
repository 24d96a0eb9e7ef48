namespace Marketplace.Caching;

/// <summary>How long a stored value lives, and whether eviction may take it.</summary>
public sealed record CacheEntryOptions(DateTimeOffset? AbsoluteExpiration = null, TimeSpan? SlidingExpiration = null, bool? Pinned = null)
{
    public static readonly CacheEntryOptions Default = new();
}
