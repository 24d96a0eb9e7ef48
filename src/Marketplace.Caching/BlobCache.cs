using System.Buffers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Caching;

/// <summary>
/// A size-capped LRU cache of byte values in its own SQLite file (DESIGN §7), safe for many threads and several
/// processes. Reads are pure reads on pooled read-only connections; hits are remembered in memory and written in
/// chunks every <c>Cache:HitFlushInterval</c> and on dispose — or at once when another process would otherwise see
/// a sliding entry expire (<see cref="CacheExpiry.NeedsWriteThrough"/>). Writes go through one group-committing
/// writer per process; an awaited store completes only after its transaction commits, and fails with the real error
/// otherwise. Arguments and cancellation are checked before anything is queued. <see cref="BlobDistributedCache"/>
/// serves it as <c>IDistributedCache</c> / <c>IBufferDistributedCache</c>.
/// </summary>
public sealed partial class BlobCache : IAsyncDisposable
{
    private readonly CacheOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BlobCache> _logger;
    private readonly Lock _openLock = new();
    private readonly ReaderPool _readers;
    private readonly PendingHits _hits = new();
    private readonly CacheCounters _counters;
    private CacheWriter? _writer;

    // A relative Cache:Path resolves under the host's content root, else the working directory.
    public BlobCache(IOptions<CacheOptions> options, TimeProvider time, ILogger<BlobCache> logger, CacheMetrics metrics,
        IHostEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        (_time, _logger) = (time, logger);
        FilePath = Path.GetFullPath(_options.Path, environment?.ContentRootPath ?? Directory.GetCurrentDirectory());
        _readers = new ReaderPool(FilePath, _options.BusyTimeoutMs);
        _counters = new CacheCounters(metrics, TryStats);
        _flushLoop = FlushLoopAsync(_stop.Token);
    }

    /// <summary>The cache file's full path.</summary>
    public string FilePath { get; }

    /// <summary>The storage error (full disk, read-only file, I/O) of the last write, until a later commit succeeds.</summary>
    public Exception? LastStorageFailure => _counters.StorageFailure;

    /// <summary>The value, or null when absent or expired. Records a hit in memory; never waits for a write.</summary>
    public byte[]? Get(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var pending = _hits.Get(key); // before the row: a flush forgets a hit only after the row has it
        var row = Readers.With(reader => reader.Read(key));
        return row is { } found && Live(key, found.Head, pending, recordHit: true) ? found.Value : null;
    }

    /// <summary>Copies a live value into <paramref name="destination"/> straight from the file; false when absent or expired.</summary>
    public bool TryGet(string key, IBufferWriter<byte> destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(destination);
        var pending = _hits.Get(key);
        var (head, copied) = Readers.With(reader => reader.CopyTo(key, h => Live(key, h, pending, recordHit: true), destination));
        if (head is null)
        {
            _counters.Miss();
        }

        return copied;
    }

    /// <summary>The live values among <paramref name="keys"/>; absent and expired keys are left out.</summary>
    public IReadOnlyDictionary<string, byte[]> GetMany(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (Get(key) is { } value)
            {
                found[key] = value;
            }
        }

        return found;
    }

    /// <summary>Whether a live value exists; records no hit and reads no value.</summary>
    public bool Exists(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var pending = _hits.Get(key);
        return Readers.With(reader => reader.ReadHead(key)) is { } head && Live(key, head, pending, recordHit: false);
    }

    public IReadOnlySet<string> ExistsMany(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.Where(Exists).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Resets a live entry's sliding window, written through and awaited, so every process sees it once this
    /// completes. Nothing happens for an absent or expired key.
    /// </summary>
    public async Task RefreshAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = _hits.Get(key);
        if (Readers.With(reader => reader.ReadHead(key)) is not { } head || !Live(key, head, pending, recordHit: false))
        {
            return;
        }

        var hit = new KeyValuePair<string, long>(key, _time.GetUtcNow().UtcTicks);
        _hits.Record(hit.Key, hit.Value);
        await Writer.EnqueueAsync(new CacheWrite.Touch([hit]), cancellationToken);
        _hits.Forget([hit]);
    }

    private bool Live(string key, CacheEntryHead head, long? pending, bool recordHit)
    {
        var now = _time.GetUtcNow().UtcTicks;
        if (CacheExpiry.IsExpired(head, pending, now))
        {
            if (recordHit)
            {
                _counters.Miss();
            }

            return false;
        }

        if (recordHit)
        {
            _counters.Hit();
            _hits.Record(key, now);
            if (CacheExpiry.NeedsWriteThrough(head, now, _options.HitFlushInterval))
            {
                RenewInBackground(new KeyValuePair<string, long>(key, now));
            }
        }

        return true;
    }

    private ReaderPool Readers
    {
        get
        {
            _ = Writer; // the writer creates the file and schema before anything reads it
            return _readers;
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
                ObjectDisposedException.ThrowIf(_disposed == 1, this);
                return _writer ??= new CacheWriter(CacheFileOpener.Open(FilePath, _options), _options, _counters, _logger);
            }
        }
    }
}
