namespace Marketplace.Caching;

/// <summary>What one change (or a whole group) did to the running totals: stored bytes and entries.</summary>
internal readonly record struct CacheChange(long Bytes, long Entries)
{
    public static CacheChange operator +(CacheChange a, CacheChange b) => new(a.Bytes + b.Bytes, a.Entries + b.Entries);

    public static CacheChange Add(CacheChange a, CacheChange b) => a + b;
}
