using Microsoft.Extensions.Caching.Distributed;

namespace Marketplace.Caching.Tests;

/// <summary>A cancelled write is one that did not happen: the caller's OperationCanceledException means nothing changed.</summary>
public sealed class CancellationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DistributedCacheEntryOptions Forever = new();

    [Fact]
    public async Task SetAndRemove_AlreadyCancelledToken_ThrowAndWriteNothing()
    {
        await using var fixture = new CacheFixture();
        var cache = fixture.Distributed;
        await cache.SetAsync("kept", [1], Forever, Ct);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cache.SetAsync("new", [2], Forever, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cache.SetAsync("kept", [3], Forever, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cache.RemoveAsync("kept", cancelled.Token));
        await cache.SetAsync("after", [4], Forever, Ct); // one writer, in order: whatever was queued before has committed

        Assert.Null(cache.Get("new"));
        Assert.Equal([1], cache.Get("kept"));
    }

    [Fact]
    public async Task Store_CancelledWhileQueued_ThrowsAndWritesNothing()
    {
        await using var fixture = new CacheFixture(o => o.BusyTimeoutMs = 30_000);
        var cache = fixture.Cache;
        await cache.StoreAsync("warm", [0], cancellationToken: Ct);
        using var cancel = new CancellationTokenSource();
        Task blocker, queued;
        using (new WriterBlock(fixture.Options.Path))
        {
            blocker = cache.StoreAsync("blocker", [1], cancellationToken: Ct);
            await Task.Delay(100, Ct); // the writer has taken the blocker and waits on the lock
            queued = cache.StoreAsync("queued", [2], cancellationToken: cancel.Token);
            await cancel.CancelAsync();
        }

        await blocker;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        await cache.StoreAsync("after", [3], cancellationToken: Ct);
        Assert.False(cache.Exists("queued"));
    }
}
