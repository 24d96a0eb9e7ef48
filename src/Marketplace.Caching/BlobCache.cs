using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Caching;

/// <summary>
/// A size-capped LRU cache of byte values in its own SQLite file (DESIGN §7), safe for many threads and several
/// processes. Reads are pure reads on pooled read-only connections; hits are remembered in memory and written in
/// chunks every <c>Cache:HitFlushInterval</c> and on dispose. Writes go through one group-committing writer per
/// process; an awaited store completes only after its transaction commits, and fails with the real error
/// otherwise. Eviction takes the least recently used unpinned entries in capped rounds.
/// </summary>
public sealed class BlobCache : IDistributedCache, IAsyncDisposable
{
    private const int TouchChunk = 1000;
    private readonly CacheOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BlobCache> _logger;
    private readonly string _file;
    private readonly Lock _openLock = new();
    private CacheWriter? _writer;
    private readonly ConcurrentBag<CacheReader> _readers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _flushLoop;
    private readonly Counter<long> _hitCounter;
    private readonly Counter<long> _missCounter;
    private readonly Counter<long> _evictionCounter;
    private ConcurrentDictionary<string, long> _pendingHits = new(StringComparer.Ordinal);
    private long _hits;
    private long _misses;
    private long _evictions;
    private long _commits;
    private long _committedWrites;
    private readonly Histogram<int> _batchSizes;
    private int _disposed;

    // A relative Cache:Path resolves under the host's content root, else the working directory.
    public BlobCache(IOptions<CacheOptions> options, TimeProvider time, ILogger<BlobCache> logger, CacheMetrics metrics, IHostEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _file = Path.GetFullPath(_options.Path, environment?.ContentRootPath ?? Directory.GetCurrentDirectory());
        _hitCounter = metrics.Meter.CreateCounter<long>("marketplace.cache.hits", description: "Blob cache reads that found a live value.");
        _missCounter = metrics.Meter.CreateCounter<long>("marketplace.cache.misses", description: "Blob cache reads that found nothing (or an expired value).");
        _evictionCounter = metrics.Meter.CreateCounter<long>("marketplace.cache.evictions", description: "Entries removed to stay under Cache:MaxSizeBytes.");
        _batchSizes = metrics.Meter.CreateHistogram<int>("marketplace.cache.commit.writes", description: "Changes (stores, removals, pins, hit flushes) the writer committed in one transaction.");
        // Read at each scrape; a cache that cannot be read reports nothing rather than failing the scrape.
        metrics.Meter.CreateObservableGauge("marketplace.cache.entries", () => Observe(s => s.Entries), description: "Entries in the blob cache.");
        metrics.Meter.CreateObservableGauge("marketplace.cache.data.size", () => Observe(s => s.TotalBytes), "By", "Bytes of the stored values.");
        metrics.Meter.CreateObservableGauge("marketplace.cache.file.size", () => Observe(s => s.FileBytes), "By", "Bytes of the cache file.");
        metrics.Meter.CreateObservableGauge("marketplace.cache.wal.size", () => Observe(s => s.WalBytes), "By", "Bytes of the cache file's WAL."); 
        _flushLoop = FlushLoopAsync(_stop.Token);
    }

    /// <summary>The value, or null when absent or expired. Records a hit in memory; never writes.</summary>
    public byte[]? Get(string key) => Read(key, withValue: true, recordHit: true)?.Value;

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        return Task.FromResult(Get(key));
    }

    /// <summary>The live values among <paramref name="keys"/>; absent and expired keys are left out.</summary>
    public IReadOnlyDictionary<string, byte[]> GetMany(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (Read(key, withValue: true, recordHit: true) is { } hit)
            {
                found[key] = hit.Value;
            }
        }

        return found;
    }

    /// <summary>Whether a live value exists; records no hit.</summary>
    public bool Exists(string key) => Read(key, withValue: false, recordHit: false) is not null;

    public IReadOnlySet<string> ExistsMany(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.Where(Exists).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Stores (or replaces) a value; completes once committed. A replace keeps the pin unless <see cref="CacheEntryOptions.Pinned"/> says otherwise.</summary>
    public Task StoreAsync(string key, byte[] value, CacheEntryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (value.LongLength > _options.MaxItemBytes)
        {
            throw new CacheItemTooLargeException(key, value.LongLength, _options.MaxItemBytes);
        }

        options ??= CacheEntryOptions.Default;
        var write = new CacheWrite.Store(key, value, options.AbsoluteExpiration?.UtcTicks, options.SlidingExpiration?.Ticks, options.Pinned, _time.GetUtcNow().UtcTicks);
        return Writer.EnqueueAsync(write).WaitAsync(cancellationToken);
    }

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        Writer.EnqueueAsync(new CacheWrite.Remove(key)).WaitAsync(token);

    public Task PinAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        Writer.EnqueueAsync(new CacheWrite.Pin([.. keys], Pinned: true)).WaitAsync(cancellationToken);

    public Task UnpinAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        Writer.EnqueueAsync(new CacheWrite.Pin([.. keys], Pinned: false)).WaitAsync(cancellationToken);

    public Task UnpinAllAsync(CancellationToken cancellationToken = default) =>
        Writer.EnqueueAsync(new CacheWrite.UnpinAll()).WaitAsync(cancellationToken);

    /// <summary>Writes the hits recorded since the last flush; on failure they are kept for the next one.</summary>
    public async Task FlushHitsAsync(CancellationToken cancellationToken = default)
    {
        var hits = Interlocked.Exchange(ref _pendingHits, new ConcurrentDictionary<string, long>(StringComparer.Ordinal));
        if (hits.IsEmpty)
        {
            return;
        }

        try
        {
            await Task.WhenAll(hits.Chunk(TouchChunk).Select(chunk =>
                Writer.EnqueueAsync(new CacheWrite.Touch(chunk.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal))))).WaitAsync(cancellationToken);
        }
        catch
        {
            foreach (var (key, at) in hits)
            {
                RecordHit(key, at);
            }

            throw;
        }
    }

    /// <summary>Returns up to <paramref name="maxPages"/> free pages to the file system and checkpoints the WAL; the freed page count.</summary>
    public async Task<long> MaintainAsync(int maxPages = 10_000, CancellationToken cancellationToken = default)
    {
        var maintain = new CacheWrite.Maintain(maxPages);
        await Writer.EnqueueAsync(maintain).WaitAsync(cancellationToken);
        return maintain.FreedPages;
    }

    public CacheStats Stats()
    {
        var stats = WithReader(reader => reader.Stats(Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), Interlocked.Read(ref _evictions), _pendingHits.Count));
        var (commits, writes) = (Interlocked.Read(ref _commits), Interlocked.Read(ref _committedWrites));
        return stats with
        {
            FileBytes = FileLength(_file),
            WalBytes = FileLength(_file + "-wal"),
            Commits = commits,
            MeanWritesPerCommit = commits == 0 ? 0 : (double)writes / commits,
        };
    }

    /// <summary>The cache file's full path.</summary>
    public string FilePath => _file;

    private static long FileLength(string path) => new FileInfo(path) is { Exists: true } file ? file.Length : 0;

    private IEnumerable<Measurement<long>> Observe(Func<CacheStats, long> figure)
    {
        CacheStats stats;
        try
        {
            stats = Stats();
        }
        catch (Exception e) when (e is SqliteException or IOException or ObjectDisposedException)
        {
            return [];
        }

        return [new Measurement<long>(figure(stats))];
    }

    // IDistributedCache: the synchronous members block until the write commits, as the interface requires.
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var absolute = options.AbsoluteExpiration ?? (options.AbsoluteExpirationRelativeToNow is { } relative ? _time.GetUtcNow() + relative : null);
        return StoreAsync(key, value, new CacheEntryOptions(absolute, options.SlidingExpiration), token);
    }

    /// <summary>Resets a sliding expiration: a hit, recorded in memory like any read.</summary>
    public void Refresh(string key) => Read(key, withValue: false, recordHit: true);

    public Task RefreshAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Refresh(key);
        return Task.CompletedTask;
    }

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    private (byte[] Value, long At)? Read(string key, bool withValue, bool recordHit)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var row = WithReader(reader => reader.Read(key, withValue));
        var now = _time.GetUtcNow().UtcTicks;
        if (row is not { } entry || IsExpired(key, entry.LastAccessed, entry.AbsoluteExpiry, entry.SlidingTicks, now))
        {
            if (recordHit)
            {
                Interlocked.Increment(ref _misses);
                _missCounter.Add(1);
            }

            return null;
        }

        if (recordHit)
        {
            Interlocked.Increment(ref _hits);
            _hitCounter.Add(1);
            RecordHit(key, now);
        }

        return (entry.Value, now);
    }

    private bool IsExpired(string key, long lastAccessed, long? absolute, long? sliding, long now)
    {
        if (absolute is { } until && now >= until)
        {
            return true;
        }

        // The last access is the later of the stored one and a hit not yet flushed.
        var last = _pendingHits.TryGetValue(key, out var pending) ? Math.Max(pending, lastAccessed) : lastAccessed;
        return sliding is { } window && now >= last + window;
    }

    private void RecordHit(string key, long at) => _pendingHits.AddOrUpdate(key, at, (_, old) => Math.Max(old, at));

    private T WithReader<T>(Func<CacheReader, T> read)
    {
        _ = Writer; // the writer creates the file and schema before anything reads it
        if (!_readers.TryTake(out var reader))
        {
            reader = new CacheReader($"Data Source={_file};Mode=ReadOnly;Pooling=False", _options.BusyTimeoutMs);
        }

        try
        {
            return read(reader);
        }
        finally
        {
            _readers.Add(reader);
        }
    }

    /// <summary>Opened on first use; a failure to open is not remembered, so the next call tries again.</summary>
    private CacheWriter Writer
    {
        get
        {
            if (Volatile.Read(ref _writer) is { } writer)
            {
                return writer;
            }

            lock (_openLock)
            {
                return _writer ??= OpenWriter();
            }
        }
    }

    private CacheWriter OpenWriter()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        var connection = new SqliteConnection($"Data Source={_file};Pooling=False");
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            foreach (var statement in new[] { $"PRAGMA busy_timeout = {_options.BusyTimeoutMs}" }.Concat(CacheSchema.Create).Append("PRAGMA synchronous = NORMAL"))
            {
                command.CommandText = statement;
                command.ExecuteNonQuery();
            }

            if (_options.MaxFileBytes > 0)
            {
                command.CommandText = "PRAGMA page_size";
                var pageSize = (long)command.ExecuteScalar()!;
                command.CommandText = $"PRAGMA max_page_count = {Math.Max(1, _options.MaxFileBytes / pageSize)}";
                command.ExecuteNonQuery();
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new CacheWriter(connection, _options, _logger, (writes, evicted) =>
        {
            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _committedWrites, writes);
            _batchSizes.Record(writes);
            Interlocked.Add(ref _evictions, evicted);
            _evictionCounter.Add(evicted);
        });
    }

    private async Task FlushLoopAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.HitFlushInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await FlushHitsAsync(stop);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.CacheFlushFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down; DisposeAsync makes the final flush.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _flushLoop;
        if (_writer is not null)
        {
            try
            {
                await FlushHitsAsync();
            }
            catch (Exception ex) when (ex is SqliteException or ObjectDisposedException)
            {
                Log.CacheFlushFailed(_logger, ex);
            }

            await Writer.DisposeAsync();
        }

        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        _stop.Dispose();
    }
}
