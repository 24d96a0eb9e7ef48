using Marketplace.Caching;
using Marketplace.Catalog.Sources.Confinement;
using Microsoft.Extensions.Logging;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// Source file content through the blob cache, keyed by full path, size and last-write time: what a scan read is not
/// read from disk again by the import that follows, and a changed file never matches its old entry. The cache is an
/// optimisation only — a cache that cannot be read or filled is logged and the file is read from disk.
/// </summary>
public sealed class SourceFileCache(BlobCache cache, ILogger<SourceFileCache> logger)
{
    public async Task<byte[]> ReadAllBytesAsync(ConfinedFile file, CancellationToken cancellationToken)
    {
        var key = Key(file);
        try
        {
            if (await cache.GetAsync(key, cancellationToken) is { } cached)
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
        if (Key(file) == key)
        {
            // Not awaited: the reader needs the bytes now, not the cache's commit; a failed fill is only logged.
            _ = cache.StoreAsync(key, bytes, cancellationToken: CancellationToken.None).ContinueWith(
                t => Log.SourceCacheFailed(logger, file.FullName, t.Exception!), CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        return bytes;
    }

    private static string Key(ConfinedFile file) => $"source-file:{file.FullName}:{file.Length}:{file.LastWriteTimeUtc.Ticks}";
}
