using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Marketplace.Caching;

/// <summary>The blob cache's figures, its hit-flush loop and its shutdown.</summary>
public sealed partial class BlobCache
{
    private readonly ConcurrentDictionary<string, byte> _renewing = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _flushLoop;
    private int _disposed;

    public CacheStats Stats()
    {
        var (entries, total, pinned) = Readers.With(reader => reader.Totals());
        var (commits, writes) = (_counters.Commits, _counters.Writes);
        return new CacheStats(entries, total, pinned, _counters.Hits, _counters.Misses, _counters.Evictions, _hits.Count)
        {
            FileBytes = FileLength(FilePath),
            WalBytes = FileLength(FilePath + "-wal"),
            Commits = commits,
            MeanWritesPerCommit = commits == 0 ? 0 : (double)writes / commits,
        };
    }

    private CacheStats? TryStats()
    {
        try
        {
            return Stats();
        }
        catch (Exception e) when (e is SqliteException or IOException or ObjectDisposedException)
        {
            return null;
        }
    }

    private static long FileLength(string path) => new FileInfo(path) is { Exists: true } file ? file.Length : 0;

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
        if (Volatile.Read(ref _writer) is { } writer)
        {
            try
            {
                await FlushHitsAsync();
            }
            catch (Exception ex) when (ex is SqliteException or ObjectDisposedException or Storage.StorageUnavailableException)
            {
                Log.CacheFlushFailed(_logger, ex);
            }

            _readers.Dispose(); // before the writer: the last connection to close checkpoints, and a read-only one cannot
            await writer.DisposeAsync();
        }

        _readers.Dispose();
        _stop.Dispose();
    }
}
