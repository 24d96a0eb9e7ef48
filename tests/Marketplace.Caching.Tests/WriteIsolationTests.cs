using Marketplace.Storage;
using Microsoft.Extensions.Caching.Distributed;

namespace Marketplace.Caching.Tests;

/// <summary>No caller fails for another's input: bad arguments never reach the writer, and a change that fails alone fails alone.</summary>
public sealed class WriteIsolationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DistributedCacheEntryOptions Forever = new();

    [Fact]
    public async Task Remove_NullKeyAmongConcurrentStores_ThrowsArgumentNullAndEveryStoreCommits()
    {
        await using var fixture = new CacheFixture();
        var cache = fixture.Distributed;
        var stores = Enumerable.Range(0, 400).Select(i => cache.SetAsync($"k{i}", [(byte)i], Forever, Ct)).ToList();

        await Assert.ThrowsAsync<ArgumentNullException>(() => cache.RemoveAsync(null!, Ct));
        Assert.Throws<ArgumentNullException>(() => cache.Remove(null!));
        stores.AddRange(Enumerable.Range(400, 400).Select(i => cache.SetAsync($"k{i}", [(byte)i], Forever, Ct)));
        await Task.WhenAll(stores);

        Assert.Equal(800, fixture.Cache.GetMany(Enumerable.Range(0, 800).Select(i => $"k{i}")).Count);
    }

    [Fact]
    public async Task Arguments_NullKeysValuesAndOptions_AreRefusedBeforeAnythingIsQueued()
    {
        await using var fixture = new CacheFixture();
        var cache = fixture.Distributed;

        await Assert.ThrowsAsync<ArgumentNullException>(() => cache.SetAsync(null!, [1], Forever, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => cache.SetAsync("k", null!, Forever, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => cache.SetAsync("k", [1], null!, Ct));
        Assert.Throws<ArgumentNullException>(() => cache.Get(null!));
        Assert.Throws<ArgumentNullException>(() => cache.Refresh(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => fixture.Cache.PinAsync(["a", null!], Ct));

        Assert.Equal(0, fixture.Cache.Stats().Commits);
    }

    [Fact]
    public async Task Store_OneValueTooBigForTheFileInAGroup_FailsAloneAndTheOthersCommit()
    {
        // 256 KiB of pages for data (Cache:MaxFileBytes less the WAL's MiB): a 200 KiB value after 100 KiB cannot fit.
        await using var fixture = new CacheFixture(o => (o.MaxFileBytes, o.MaxWalBytes, o.BusyTimeoutMs) = (1280 * 1024, 1024 * 1024, 30_000));
        var cache = fixture.Cache;
        await cache.StoreAsync("base", new byte[100 * 1024], cancellationToken: Ct);

        Task first;
        var group = new List<Task>();
        using (new WriterBlock(fixture.Options.Path))
        {
            first = cache.StoreAsync("first", [0], cancellationToken: Ct); // the writer takes it and waits on the lock…
            await Task.Delay(100, Ct);
            for (var i = 0; i < 20; i++) // …while these queue up as the next group
            {
                group.Add(cache.StoreAsync($"small{i}", new byte[100], cancellationToken: Ct));
                if (i == 10)
                {
                    group.Add(cache.StoreAsync("big", new byte[200 * 1024], cancellationToken: Ct));
                }
            }
        }

        await first;
        var big = group[11];
        await Assert.ThrowsAsync<StorageUnavailableException>(() => big);
        await Task.WhenAll(group.Where(t => t != big));
        Assert.All(Enumerable.Range(0, 20), i => Assert.True(cache.Exists($"small{i}")));
        Assert.False(cache.Exists("big"));
    }
}
