namespace Marketplace.Caching;

/// <summary>A value larger than <c>Cache:MaxItemBytes</c> was offered; nothing was stored.</summary>
public sealed class CacheItemTooLargeException(string key, long size, long limit)
    : Exception($"The value for '{key}' is {size} bytes; the cache takes at most {limit} bytes per item (Cache:MaxItemBytes).");
