using Marketplace.Caching;
using Marketplace.Catalog.Sources.Confinement;
using Marketplace.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// Source file content through the blob cache, keyed by full path, size and last-write time: what a scan read is not
/// read from disk again by the import that follows, and a changed file never matches its old entry. The cache is an
/// optimisation only — a cache that cannot be read or filled is logged and the file is read from disk — and it has a
/// budget: nothing is added while the cache's volume has less free space than <c>Cache:MinFreeDiskBytes</c>, so
/// caching never takes the room the database needs (the cache's own size stays under <c>Cache:MaxSizeBytes</c>).
/// </summary>
public sealed class SourceFileCache(BlobCache cache, IVolumeSpace volumes, IOptions<CacheOptions> options, ILogger<SourceFileCache> logger)
{
    private int _paused;

    public async Task<byte[]> ReadAllBytesAsync(ConfinedFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var key = Key(file);
        try
        {
            if (cache.Get(key) is { } cached)
            {
                return cached;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.SourceCacheFailed(logger, file.FullName, e);
        }

        var bytes = await file.ReadAllBytesAsync(cancellationToken); // from the checked handle, never the path again
        file.Refresh();
        if (Key(file) == key && HasRoom())
        {
            // Not awaited: the reader needs the bytes now, not the cache's commit; a failed fill is only logged.
            _ = cache.StoreAsync(key, bytes, cancellationToken: CancellationToken.None).ContinueWith(
                t => Log.SourceCacheFailed(logger, file.FullName, t.Exception!), CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        return bytes;
    }

    /// <summary>Whether the cache's volume is above the floor; says so in the log when that changes.</summary>
    private bool HasRoom()
    {
        var floor = options.Value.MinFreeDiskBytes;
        if (floor == 0)
        {
            return true;
        }

        long free;
        try
        {
            free = volumes.FreeBytes(cache.FilePath);
        }
        catch (IOException)
        {
            return false; // a volume that cannot be asked is not one to fill
        }

        var room = free >= floor;
        if (Interlocked.Exchange(ref _paused, room ? 0 : 1) != (room ? 0 : 1))
        {
            if (room)
            {
                Log.SourceCacheResumed(logger, free);
            }
            else
            {
                Log.SourceCachePaused(logger, free, floor);
            }
        }

        return room;
    }

    private static string Key(ConfinedFile file) => $"source-file:{file.FullName}:{file.Length}:{file.LastWriteTimeUtc.Ticks}";
}
