namespace Marketplace.Caching;

/// <summary>Expiry of an entry as one process sees it: the file's record of the last access, or a later unflushed hit.</summary>
internal static class CacheExpiry
{
    public static bool IsExpired(CacheEntryHead head, long? pendingHit, long now)
    {
        if (head.AbsoluteExpiry is { } until && now >= until)
        {
            return true;
        }

        var last = Math.Max(head.LastAccessed, pendingHit ?? long.MinValue);
        return head.SlidingTicks is { } window && now >= last + window;
    }

    /// <summary>
    /// Whether a hit must reach the file now rather than with the next flush: other processes see only the file, and
    /// the flush (within <paramref name="flushInterval"/>) would come after the entry's window ends there. At most
    /// once per half window per key, so a hot entry with a short window does not write on every read.
    /// </summary>
    public static bool NeedsWriteThrough(CacheEntryHead head, long now, TimeSpan flushInterval) =>
        head.SlidingTicks is { } window
        && head.LastAccessed + window < now + flushInterval.Ticks
        && now - head.LastAccessed >= window / 2;
}
