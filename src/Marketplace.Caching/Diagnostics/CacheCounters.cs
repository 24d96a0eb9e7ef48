using System.Diagnostics.Metrics;

namespace Marketplace.Caching;

/// <summary>
/// One cache instance's figures: counted here for <see cref="BlobCache.Stats"/> and published as the
/// <c>marketplace.cache.*</c> instruments of the <see cref="CacheMetrics"/> meter; the size gauges read the file.
/// </summary>
internal sealed class CacheCounters
{
    private readonly Counter<long> _hitCounter;
    private readonly Counter<long> _missCounter;
    private readonly Counter<long> _evictionCounter;
    private readonly Histogram<int> _batchSizes;
    private long _hits;
    private long _misses;
    private long _evictions;
    private long _commits;
    private long _writes;
    private volatile Exception? _storageFailure;

    public CacheCounters(CacheMetrics metrics, Func<CacheStats?> stats)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var meter = metrics.Meter;
        _hitCounter = meter.CreateCounter<long>("marketplace.cache.hits", description: "Blob cache reads that found a live value.");
        _missCounter = meter.CreateCounter<long>("marketplace.cache.misses",
            description: "Blob cache reads that found nothing (or an expired value).");
        _evictionCounter = meter.CreateCounter<long>("marketplace.cache.evictions",
            description: "Entries removed to stay under Cache:MaxSizeBytes.");
        _batchSizes = meter.CreateHistogram<int>("marketplace.cache.commit.writes",
            description: "Changes (stores, removals, pins, hit flushes) the writer committed in one transaction.");
        meter.CreateObservableGauge("marketplace.cache.entries", () => Observe(stats, s => s.Entries),
            description: "Entries in the blob cache.");
        meter.CreateObservableGauge("marketplace.cache.data.size", () => Observe(stats, s => s.TotalBytes), "By",
            "Bytes of the stored values.");
        meter.CreateObservableGauge("marketplace.cache.file.size", () => Observe(stats, s => s.FileBytes), "By",
            "Bytes of the cache file.");
        meter.CreateObservableGauge("marketplace.cache.wal.size", () => Observe(stats, s => s.WalBytes), "By",
            "Bytes of the cache file's WAL.");
    }

    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);
    public long Evictions => Interlocked.Read(ref _evictions);
    public long Commits => Interlocked.Read(ref _commits);
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>The storage error of the last write, until a later commit succeeds.</summary>
    public Exception? StorageFailure => _storageFailure;

    public void Hit()
    {
        Interlocked.Increment(ref _hits);
        _hitCounter.Add(1);
    }

    public void Miss()
    {
        Interlocked.Increment(ref _misses);
        _missCounter.Add(1);
    }

    public void Committed(int writes, long evicted)
    {
        _storageFailure = null;
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _writes, writes);
        _batchSizes.Record(writes);
        if (evicted > 0)
        {
            Interlocked.Add(ref _evictions, evicted);
            _evictionCounter.Add(evicted);
        }
    }

    public void StorageFailed(Exception error) => _storageFailure = error;

    // Read at each scrape; a cache that cannot be read reports nothing rather than failing the scrape.
    private static IEnumerable<Measurement<long>> Observe(Func<CacheStats?> stats, Func<CacheStats, long> figure) =>
        stats() is { } read ? [new Measurement<long>(figure(read))] : [];
}
