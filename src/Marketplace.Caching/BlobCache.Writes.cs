namespace Marketplace.Caching;

/// <summary>The blob cache's writes: each checked whole before it is queued, each completing after its commit.</summary>
public sealed partial class BlobCache
{
    /// <summary>
    /// Stores (or replaces) a value; completes once committed. A replace keeps the pin unless
    /// <see cref="CacheEntryOptions.Pinned"/> says otherwise. A token cancelled before the writer takes the store
    /// leaves the cache as it was.
    /// </summary>
    public Task StoreAsync(string key, byte[] value, CacheEntryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (value.LongLength > _options.MaxItemBytes)
        {
            throw new CacheItemTooLargeException(key, value.LongLength, _options.MaxItemBytes);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        options ??= CacheEntryOptions.Default;
        var now = _time.GetUtcNow().UtcTicks;
        var write = new CacheWrite.Store(key, value, options.AbsoluteExpiration?.UtcTicks, options.SlidingExpiration?.Ticks,
            options.Pinned, now);
        return Writer.EnqueueAsync(write, cancellationToken);
    }

    public Task RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Enqueue(new CacheWrite.Remove(key), cancellationToken);
    }

    public Task PinAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        Enqueue(new CacheWrite.Pin(Checked(keys), Pinned: true), cancellationToken);

    public Task UnpinAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        Enqueue(new CacheWrite.Pin(Checked(keys), Pinned: false), cancellationToken);

    public Task UnpinAllAsync(CancellationToken cancellationToken = default) => Enqueue(new CacheWrite.UnpinAll(), cancellationToken);

    /// <summary>Writes the hits recorded so far; each is forgotten only once committed (a failed flush keeps them).</summary>
    public async Task FlushHitsAsync(CancellationToken cancellationToken = default)
    {
        var hits = _hits.Snapshot();
        if (hits.Length == 0)
        {
            return;
        }

        var touches = hits.Chunk(TouchChunk).Select(chunk => Writer.EnqueueAsync(new CacheWrite.Touch(chunk)));
        await Task.WhenAll(touches).WaitAsync(cancellationToken);
        _hits.Forget(hits);
    }

    /// <summary>Returns up to <paramref name="maxPages"/> free pages to the file system and truncates the WAL.</summary>
    /// <returns>The freed page count.</returns>
    public async Task<long> MaintainAsync(int maxPages = 10_000, CancellationToken cancellationToken = default)
    {
        var maintain = new CacheWrite.Maintain(maxPages);
        await Enqueue(maintain, cancellationToken);
        return maintain.FreedPages;
    }

    private const int TouchChunk = 1000;

    private Task Enqueue(CacheWrite write, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Writer.EnqueueAsync(write, cancellationToken);

    private static string[] Checked(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var list = keys.ToArray();
        foreach (var key in list)
        {
            ArgumentException.ThrowIfNullOrEmpty(key, nameof(keys));
        }

        return list;
    }

    /// <summary>A hit the file must have now (see <see cref="CacheExpiry.NeedsWriteThrough"/>); one in flight per key.</summary>
    private void RenewInBackground(KeyValuePair<string, long> hit)
    {
        if (!_renewing.TryAdd(hit.Key, 0))
        {
            return;
        }

        Task renewal;
        try
        {
            renewal = Writer.EnqueueAsync(new CacheWrite.Touch([hit]));
        }
        catch (ObjectDisposedException)
        {
            _renewing.TryRemove(hit.Key, out _); // shutting down: the read itself still succeeds
            return;
        }

        renewal.ContinueWith(done =>
        {
            _renewing.TryRemove(hit.Key, out _);
            if (done.IsFaulted)
            {
                Log.CacheRenewalFailed(_logger, hit.Key, done.Exception);
            }
            else
            {
                _hits.Forget([hit]);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
