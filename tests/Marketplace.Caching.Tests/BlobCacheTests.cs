using Marketplace.Storage;
using Microsoft.Extensions.Caching.Distributed;

namespace Marketplace.Caching.Tests;

public sealed class BlobCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Store_Get_Replace_Remove_RoundTrip()
    {
        await using var fixture = new CacheFixture();
        var cache = fixture.Cache;

        Assert.Null(cache.Get("missing"));
        await cache.StoreAsync("a", [1, 2, 3], cancellationToken: Ct);
        Assert.Equal([1, 2, 3], cache.Get("a"));
        await cache.StoreAsync("a", [9], cancellationToken: Ct);
        Assert.Equal([9], cache.Get("a"));
        Assert.Equal(1, cache.Stats().TotalBytes);
        await cache.RemoveAsync("a", Ct);
        Assert.Null(cache.Get("a"));
        Assert.Equal((0L, 0L), (cache.Stats().Entries, cache.Stats().TotalBytes));
    }

    [Fact]
    public async Task GetMany_ExistsMany_ReturnOnlyPresentKeysAndExistsRecordsNoHit()
    {
        await using var fixture = new CacheFixture();
        var cache = fixture.Cache;
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => cache.StoreAsync($"k{i}", [(byte)i], cancellationToken: Ct)));

        var values = cache.GetMany(["k1", "k3", "nope"]);
        Assert.Equal(["k1", "k3"], values.Keys.Order());
        Assert.Equal([3], values["k3"]);
        var pending = cache.Stats().PendingHits;

        Assert.Equal(["k0", "k4"], cache.ExistsMany(["k0", "k4", "nope"]).Order());
        Assert.Equal(pending, cache.Stats().PendingHits);
    }

    [Fact]
    public async Task Get_ThousandReads_WriteNothingUntilFlush()
    {
        await using var fixture = new CacheFixture();
        var cache = fixture.Cache;
        await cache.StoreAsync("hot", CacheFixture.Value(1, 4096), cancellationToken: Ct);
        using var inspect = fixture.Inspect();
        var version = CacheFixture.Scalar(inspect, "PRAGMA data_version");
        var accessed = CacheFixture.Scalar(inspect, "SELECT last_accessed FROM cache_entries WHERE key = 'hot'");
        var wal = new FileInfo(fixture.Options.Path + "-wal").Length;

        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 1000; i++)
        {
            Assert.NotNull(cache.Get("hot"));
        }

        // data_version changes when another connection commits; the WAL grows with any write.
        Assert.Equal(version, CacheFixture.Scalar(inspect, "PRAGMA data_version"));
        Assert.Equal(wal, new FileInfo(fixture.Options.Path + "-wal").Length);
        Assert.Equal(accessed, CacheFixture.Scalar(inspect, "SELECT last_accessed FROM cache_entries WHERE key = 'hot'"));

        await cache.FlushHitsAsync(Ct);
        Assert.Equal(fixture.Time.GetUtcNow().UtcTicks, CacheFixture.Scalar(inspect, "SELECT last_accessed FROM cache_entries WHERE key = 'hot'"));
        Assert.NotEqual(version, CacheFixture.Scalar(inspect, "PRAGMA data_version"));
    }

    [Theory]
    [InlineData(true, "b")]
    [InlineData(false, "a")]
    public async Task Eviction_AfterReadingOldest_EvictsByRecencyOnlyOnceFlushed(bool flush, string evicted)
    {
        await using var fixture = new CacheFixture(o => o.MaxSizeBytes = 250);
        var cache = fixture.Cache;
        await cache.StoreAsync("a", new byte[100], cancellationToken: Ct);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await cache.StoreAsync("b", new byte[100], cancellationToken: Ct);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(cache.Get("a")); // "a" is now the most recently used…
        if (flush)
        {
            await cache.FlushHitsAsync(Ct); // …but only the file's record decides eviction
        }

        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await cache.StoreAsync("c", new byte[100], cancellationToken: Ct);

        Assert.False(cache.Exists(evicted));
        Assert.Equal(2, cache.Stats().Entries);
        Assert.Equal(1, cache.Stats().Evictions);
    }

    [Fact]
    public async Task Eviction_PinnedEntries_SurviveAndUnpinReleasesThem()
    {
        await using var fixture = new CacheFixture(o => o.MaxSizeBytes = 300);
        var cache = fixture.Cache;
        await cache.StoreAsync("pinned", new byte[100], new CacheEntryOptions(Pinned: true), Ct);
        for (var i = 0; i < 10; i++)
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(1));
            await cache.StoreAsync($"x{i}", new byte[100], cancellationToken: Ct);
        }

        Assert.True(cache.Exists("pinned"));
        Assert.True(cache.Stats().TotalBytes <= 300);
        await cache.StoreAsync("pinned", new byte[100], cancellationToken: Ct); // a replace keeps the pin
        await cache.UnpinAllAsync(Ct);
        for (var i = 0; i < 3; i++)
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(1));
            await cache.StoreAsync($"y{i}", new byte[100], cancellationToken: Ct);
        }

        Assert.False(cache.Exists("pinned"));
    }

    [Fact]
    public async Task Eviction_LimitLowered_DeletesInCappedRoundsUntilUnder()
    {
        await using var fixture = new CacheFixture(o => o.EvictionBatchSize = 10);
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => fixture.Cache.StoreAsync($"k{i:D3}", new byte[100], cancellationToken: Ct)));
        await fixture.Cache.DisposeAsync();
        var smaller = fixture.Open(new CacheOptions { Path = fixture.Options.Path, MaxSizeBytes = 1000, EvictionBatchSize = 10 });

        await smaller.StoreAsync("trigger", new byte[100], cancellationToken: Ct);
        // The follow-up rounds run as their own commits, and a round's evictions are counted just after its commit
        // (the total is read from the file): wait for both, then check neither went further.
        for (var i = 0; i < 200 && smaller.Stats() is { TotalBytes: > 1000 } or { Evictions: < 91 }; i++)
        {
            await Task.Delay(10, Ct);
        }

        // 101 entries of 100 bytes under a 1000-byte limit: exactly 91 go, oldest first, in rounds of at most 10.
        Assert.Equal((1000L, 91L), (smaller.Stats().TotalBytes, smaller.Stats().Evictions));
        Assert.True(smaller.Exists("trigger"));
        Assert.False(smaller.Exists("k000"));
    }

    [Fact]
    public async Task EvictOldest_FarOverLimit_DeletesOneCappedRoundOnly()
    {
        await using var fixture = new CacheFixture();
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => fixture.Cache.StoreAsync($"k{i:D2}", new byte[100], cancellationToken: Ct)));
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={fixture.Options.Path};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var sql = new CacheSql(connection);
        sql.Use(transaction);

        var (evicted, total) = sql.EvictOldest(limit: 10, total: 5000, maxBytes: 100);

        Assert.Equal((10L, 4000L), (evicted, total));
        transaction.Rollback();
    }

    [Fact]
    public async Task Totals_AfterThousandsOfRandomStoresAndDeletes_MatchRecount()
    {
        await using var fixture = new CacheFixture(o => o.MaxSizeBytes = 200_000);
        var random = new Random(7);
        var pending = new List<Task>();
        for (var i = 0; i < 3000; i++)
        {
            var key = $"k{random.Next(300)}";
            pending.Add(random.Next(4) == 0 ? fixture.Cache.RemoveAsync(key, Ct) : fixture.Cache.StoreAsync(key, new byte[random.Next(0, 2000)], cancellationToken: Ct));
            if (i % 100 == 0)
            {
                fixture.Time.Advance(TimeSpan.FromMilliseconds(5));
            }
        }

        await Task.WhenAll(pending);
        using var inspect = fixture.Inspect();
        var total = CacheFixture.Scalar(inspect, "SELECT total_size FROM cache_meta");
        Assert.Equal(CacheFixture.Scalar(inspect, "SELECT COALESCE(SUM(size), 0) FROM cache_entries"), total);
        Assert.Equal(CacheFixture.Scalar(inspect, "SELECT COALESCE(SUM(length(value)), 0) FROM cache_entries"), total);
        Assert.Equal(CacheFixture.Scalar(inspect, "SELECT COUNT(*) FROM cache_entries"), CacheFixture.Scalar(inspect, "SELECT entry_count FROM cache_meta"));
        Assert.True(total <= 200_000);
    }

    [Fact]
    public async Task Expiry_AbsoluteAndSliding_FollowTheClock()
    {
        await using var fixture = new CacheFixture();
        IDistributedCache cache = fixture.Distributed;
        await cache.SetAsync("abs", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) }, Ct);
        await cache.SetAsync("slide", [2], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5) }, Ct);

        fixture.Time.Advance(TimeSpan.FromMinutes(4));
        await cache.RefreshAsync("slide", Ct); // keeps it alive for five more minutes
        fixture.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal([1], await cache.GetAsync("abs", Ct));
        Assert.Equal([2], await cache.GetAsync("slide", Ct));

        fixture.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Null(await cache.GetAsync("abs", Ct)); // 11 minutes after it was set
        Assert.Equal([2], await cache.GetAsync("slide", Ct)); // read 3 minutes ago
        fixture.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Null(await cache.GetAsync("slide", Ct));

        cache.Set("sync", [3], new DistributedCacheEntryOptions());
        Assert.Equal([3], cache.Get("sync"));
        cache.Remove("sync");
        Assert.Null(cache.Get("sync"));
    }

    [Fact]
    public async Task Store_ValueOverItemCap_IsRefusedWithClearError()
    {
        await using var fixture = new CacheFixture(o => o.MaxItemBytes = 1000);

        var error = await Assert.ThrowsAsync<CacheItemTooLargeException>(() => fixture.Cache.StoreAsync("big", new byte[1001], cancellationToken: Ct));

        Assert.Contains("Cache:MaxItemBytes", error.Message, StringComparison.Ordinal);
        Assert.False(fixture.Cache.Exists("big"));
    }

    [Fact]
    public async Task Store_FileCannotBeCreated_FailsTheCallerAndRecoversLater()
    {
        await using var fixture = new CacheFixture();
        var blocked = Path.Combine(fixture.Folder, "blocked");
        await File.WriteAllTextAsync(blocked, "a file where the cache wants a folder", Ct);
        var cache = fixture.Open(new CacheOptions { Path = Path.Combine(blocked, "cache.db") });

        await Assert.ThrowsAnyAsync<IOException>(() => cache.StoreAsync("k", [1], cancellationToken: Ct));

        File.Delete(blocked);
        await cache.StoreAsync("k", [1], cancellationToken: Ct); // an open failure is not remembered
        Assert.Equal([1], cache.Get("k"));
    }

    [Fact]
    public async Task Store_FileFull_FailsTheAwaitingCallerKeepsEarlierValuesAndRecoversWhenSpaceReturns()
    {
        // Cache:MaxFileBytes caps the file the way a full disk would: SQLite answers SQLITE_FULL. 1 MiB of it is the WAL's.
        await using var fixture = new CacheFixture(o => (o.MaxFileBytes, o.MaxWalBytes) = (1280 * 1024, 1024 * 1024));
        var cache = fixture.Cache;
        var stored = new List<int>();
        StorageUnavailableException? full = null;
        for (var i = 0; i < 200 && full is null; i++)
        {
            try
            {
                await cache.StoreAsync($"k{i}", CacheFixture.Value(i, 4096), cancellationToken: Ct);
                stored.Add(i);
            }
            catch (StorageUnavailableException e)
            {
                full = e;
            }
        }

        Assert.NotNull(full);
        Assert.Contains("full", full.Message, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(stored.Count, 10, 63);
        Assert.All(stored, i => Assert.Equal(CacheFixture.Value(i, 4096), cache.Get($"k{i}")));
        Assert.False(cache.Exists($"k{stored.Count}"));
        Assert.Equal((stored.Count, stored.Count * 4096L), (cache.Stats().Entries, cache.Stats().TotalBytes));

        foreach (var i in stored.Take(10))
        {
            await cache.RemoveAsync($"k{i}", Ct);
        }

        await cache.StoreAsync("after", CacheFixture.Value(7, 4096), cancellationToken: Ct);
        Assert.Equal(CacheFixture.Value(7, 4096), cache.Get("after"));
    }

    [Fact]
    public async Task Concurrent_200ReadersAnd64Writers_NoErrorsAndEveryStoreReadable()
    {
        await using var fixture = new CacheFixture();
        var cache = fixture.Cache;
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => cache.StoreAsync($"seed{i}", CacheFixture.Value(i, 4096), cancellationToken: Ct)));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var errors = 0;
        var stored = new System.Collections.Concurrent.ConcurrentBag<string>();

        var readers = Enumerable.Range(0, 200).Select(r => Task.Run(async () =>
        {
            var random = new Random(r);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var key = $"seed{random.Next(100)}";
                    Assert.Equal(CacheFixture.Value(int.Parse(key[4..], System.Globalization.CultureInfo.InvariantCulture), 4096), cache.Get(key));
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }

                await Task.Yield();
            }
        }, Ct));
        var writers = Enumerable.Range(0, 64).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = $"w{w}-{n}";
                try
                {
                    await cache.StoreAsync(key, CacheFixture.Value(w * 100_000 + n, 1024), cancellationToken: Ct);
                    stored.Add(key);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }, Ct));
        await Task.WhenAll(readers.Concat(writers));

        Assert.Equal(0, errors);
        Assert.NotEmpty(stored);
        var found = cache.GetMany(stored);
        Assert.Equal(stored.Count, found.Count);
        TestContext.Current.TestOutputHelper?.WriteLine($"{stored.Count} awaited stores in 2 s with 200 readers running");
    }
}
