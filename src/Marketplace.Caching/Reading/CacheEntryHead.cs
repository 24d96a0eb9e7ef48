namespace Marketplace.Caching;

/// <summary>An entry's row without its value: where it is, how big, and what decides its expiry (UTC ticks).</summary>
internal readonly record struct CacheEntryHead(long Id, long Size, long LastAccessed, long? AbsoluteExpiry, long? SlidingTicks);
