using Microsoft.Extensions.Caching.Distributed;

namespace Marketplace.Caching.Tests;

/// <summary>Expiry as IDistributedCache peers define it, and sliding windows that hold across flushes and instances.</summary>
public sealed class ExpiryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Set_BothAbsoluteForms_RelativeOneWins()
    {
        // MemoryCache, SqlServer and Redis all take AbsoluteExpirationRelativeToNow when both are set.
        await using var fixture = new CacheFixture();
        var cache = fixture.Distributed;
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions
        {
            AbsoluteExpiration = fixture.Time.GetUtcNow().AddHours(1),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1),
        }, Ct);

        fixture.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal([1], cache.Get("k"));
        fixture.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(cache.Get("k"));
    }

    [Fact]
    public async Task Get_DuringAHitFlush_StillSeesTheHitThatKeepsASlidingEntryAlive()
    {
        await using var fixture = new CacheFixture(o => o.BusyTimeoutMs = 30_000);
        var cache = fixture.Distributed;
        await cache.SetAsync("slide", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) }, Ct);
        Task flush;
        using (new WriterBlock(fixture.Options.Path)) // the flush's commit cannot happen until this is released
        {
            fixture.Time.Advance(TimeSpan.FromMinutes(6));
            Assert.Equal([1], cache.Get("slide")); // a hit at 6 min: alive until 16 min
            flush = fixture.Cache.FlushHitsAsync(Ct);
            fixture.Time.Advance(TimeSpan.FromMinutes(6)); // 12 min: the file still says 0 + 10
            Assert.Equal([1], cache.Get("slide"));
        }

        await flush;
        fixture.Time.Advance(TimeSpan.FromMinutes(9)); // 21 min, 9 after the last read
        Assert.Equal([1], cache.Get("slide"));
    }

    [Fact]
    public async Task Get_InOneInstance_RenewsTheSlidingWindowSeenByAnother()
    {
        // Two caches on one file, each with its own writer and readers: what another process sees. The flush interval
        // (1 h here) is far longer than the window, so only a write-through renewal can keep the entry alive elsewhere.
        await using var fixture = new CacheFixture();
        var other = fixture.Open();
        await fixture.Cache.StoreAsync("slide", [1], new CacheEntryOptions(SlidingExpiration: TimeSpan.FromMinutes(10)), Ct);

        fixture.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.NotNull(other.Get("slide"));
        using var inspect = fixture.Inspect();
        var renewed = fixture.Time.GetUtcNow().UtcTicks;
        for (var i = 0; i < 500 && CacheFixture.Scalar(inspect, "SELECT last_accessed FROM cache_entries WHERE key = 'slide'") != renewed; i++)
        {
            await Task.Delay(10, Ct); // the renewal is written through, not awaited by the read
        }

        fixture.Time.Advance(TimeSpan.FromMinutes(6)); // 12 min: expired unless the other instance's read reached the file
        Assert.Equal([1], fixture.Cache.Get("slide"));
    }

    [Fact]
    public async Task Refresh_InOneInstance_IsSeenByAnotherOnceItCompletes()
    {
        await using var fixture = new CacheFixture();
        var first = fixture.Distributed;
        var second = new BlobDistributedCache(fixture.Open(), fixture.Time);
        await first.SetAsync("slide", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) }, Ct);

        fixture.Time.Advance(TimeSpan.FromMinutes(8));
        await second.RefreshAsync("slide", Ct);
        fixture.Time.Advance(TimeSpan.FromMinutes(8)); // 16 min: alive only through the refresh at 8

        Assert.Equal([1], await first.GetAsync("slide", Ct));
    }
}
