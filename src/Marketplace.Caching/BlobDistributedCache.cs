using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Caching.Distributed;

namespace Marketplace.Caching;

/// <summary>
/// The blob cache as <see cref="IDistributedCache"/> and <see cref="IBufferDistributedCache"/> (what HybridCache
/// uses for its L2 without copying). Expiry follows MemoryCache, SqlServer and Redis: when both absolute forms are
/// set, the relative one wins; an absolute time already past stores a value that is expired at once. The
/// synchronous members block only their caller: the writer runs on its own thread, never on the thread pool.
/// </summary>
public sealed class BlobDistributedCache(BlobCache cache, TimeProvider time) : IBufferDistributedCache
{
    public byte[]? Get(string key) => cache.Get(key);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        return Task.FromResult(cache.Get(key));
    }

    public bool TryGet(string key, IBufferWriter<byte> destination) => cache.TryGet(key, destination);

    public ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        return ValueTask.FromResult(cache.TryGet(key, destination));
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) =>
        SetAsync(key, value, options).GetAwaiter().GetResult();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return cache.StoreAsync(key, value, Entry(options), token);
    }

    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options) =>
        SetAsync(key, value, options).AsTask().GetAwaiter().GetResult();

    public ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options,
        CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ValueTask(cache.StoreAsync(key, Array(value), Entry(options), token));
    }

    public void Refresh(string key) => cache.RefreshAsync(key).GetAwaiter().GetResult();

    public Task RefreshAsync(string key, CancellationToken token = default) => cache.RefreshAsync(key, token);

    public void Remove(string key) => cache.RemoveAsync(key).GetAwaiter().GetResult();

    public Task RemoveAsync(string key, CancellationToken token = default) => cache.RemoveAsync(key, token);

    private CacheEntryOptions Entry(DistributedCacheEntryOptions options)
    {
        var absolute = options.AbsoluteExpirationRelativeToNow is { } relative ? time.GetUtcNow() + relative : options.AbsoluteExpiration;
        return new CacheEntryOptions(absolute, options.SlidingExpiration);
    }

    // The store holds the array until its commit, so the caller's buffer is used as it is when it is one whole array.
    private static byte[] Array(ReadOnlySequence<byte> value) =>
        value.IsSingleSegment && MemoryMarshal.TryGetArray(value.First, out var segment)
            && segment is { Offset: 0, Array: { } whole } && whole.Length == segment.Count
            ? whole
            : value.ToArray();
}
