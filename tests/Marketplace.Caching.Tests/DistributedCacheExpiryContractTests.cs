using Microsoft.Extensions.Caching.Distributed;

namespace Marketplace.Caching.Tests;

/// <summary>
/// Expiry as Microsoft's IDistributedCache suites check it (SqlServer's and StackExchangeRedis' time tests), on the
/// fake clock. Where a peer's expectation is its own quirk, the comment says so and the test checks the contract.
/// </summary>
public sealed class DistributedCacheExpiryContractTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Set_AbsoluteExpirationInThePast_StoresAValueThatIsAlreadyExpired()
    {
        // SqlServer throws InvalidOperationException and Redis ArgumentOutOfRangeException here: a choice of theirs.
        // The contract is only that the value is not served after its expiry, and that Set replaces the old one.
        await using var fixture = new CacheFixture();
        var cache = fixture.Distributed;
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions(), Ct);

        await cache.SetAsync("k", [2], new DistributedCacheEntryOptions { AbsoluteExpiration = fixture.Time.GetUtcNow().AddHours(-1) }, Ct);

        Assert.Null(await cache.GetAsync("k", Ct));
    }

    [Fact]
    public async Task Set_SubSecondRelativeExpiration_LivesExactlyThatLong()
    {
        // Redis rounds expiries to whole seconds, so its suite expects a 0.25 s entry to be gone at once; the
        // contract is the expiry asked for.
        await using var fixture = new CacheFixture();
        var cache = fixture.Distributed;
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(250) }, Ct);

        Assert.Equal([1], cache.Get("k"));
        fixture.Time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.Equal([1], cache.Get("k"));
        fixture.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(cache.Get("k"));
    }

    [Fact]
    public void Options_ZeroOrNegativeWindows_AreRefusedByTheOptionsThemselves()
    {
        // Redis' suite checks these through Set; DistributedCacheEntryOptions refuses them before any cache sees them.
        Assert.Throws<ArgumentOutOfRangeException>(() => new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(-1) });
    }

    [Theory]
    [InlineData(11)]
    [InlineData(30)]
    public async Task Sliding_NotReadForLongerThanItsWindow_Expires(int seconds)
    {
        await using var fixture = new CacheFixture();
        var cache = fixture.Distributed;
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(10) }, Ct);

        fixture.Time.Advance(TimeSpan.FromSeconds(seconds));
        Assert.Null(await cache.GetAsync("k", Ct));
    }

    [Fact]
    public async Task Sliding_ReadEveryHalfWindow_StaysUntilReadsStopThenExpires()
    {
        await using var fixture = new CacheFixture();
        var cache = fixture.Distributed;
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(1) }, Ct);
        for (var i = 0; i < 5; i++)
        {
            fixture.Time.Advance(TimeSpan.FromMilliseconds(500));
            Assert.Equal([1], cache.Get("k"));
        }

        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(cache.Get("k"));
    }

    [Fact]
    public async Task Sliding_WithAnAbsoluteExpiration_NeverOutlivesTheAbsoluteOne()
    {
        await using var fixture = new CacheFixture();
        var cache = fixture.Distributed;
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromSeconds(5),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(20),
        }, Ct);
        for (var i = 0; i < 4; i++)
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(4)); // 4, 8, 12, 16: each read within the window
            Assert.Equal([1], cache.Get("k"));
        }

        fixture.Time.Advance(TimeSpan.FromSeconds(4)); // 20: the absolute expiry, read or not
        Assert.Null(cache.Get("k"));
    }

    [Fact]
    public async Task Refresh_ExtendsASlidingEntryButNotAnAbsoluteOne()
    {
        await using var fixture = new CacheFixture();
        var cache = fixture.Distributed;
        await cache.SetAsync("slide", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(10) }, Ct);
        await cache.SetAsync("abs", [2], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30) }, Ct);

        fixture.Time.Advance(TimeSpan.FromSeconds(5));
        await cache.RefreshAsync("slide", Ct);
        cache.Refresh("abs");
        fixture.Time.Advance(TimeSpan.FromSeconds(9)); // 14 s: 9 after the refresh
        Assert.Equal([1], cache.Get("slide"));
        fixture.Time.Advance(TimeSpan.FromSeconds(16)); // 30 s
        Assert.Null(cache.Get("abs"));
        await cache.RefreshAsync("missing", Ct); // nothing to refresh, nothing written
        Assert.Null(cache.Get("missing"));
    }

    [Fact]
    public async Task Absolute_ReadOrNot_ExpiresAtItsTime()
    {
        await using var fixture = new CacheFixture();
        var cache = fixture.Distributed;
        var at = fixture.Time.GetUtcNow().AddSeconds(30);
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions { AbsoluteExpiration = at }, Ct);
        fixture.Time.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal([1], cache.Get("k"));

        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions { AbsoluteExpiration = at.AddMinutes(30) }, Ct);
        fixture.Time.Advance(TimeSpan.FromMinutes(10)); // a Set replaces the expiry too
        Assert.Equal([1], cache.Get("k"));
    }
}
