using System.Collections.Concurrent;

namespace Marketplace.Caching;

/// <summary>
/// Read-only connections to the cache file, each used by one caller at a time and returned after the read; the pool
/// grows to the number of concurrent readers (bounded in practice by the threads that read).
/// </summary>
internal sealed class ReaderPool(string file, int busyTimeoutMs) : IDisposable
{
    private readonly ConcurrentBag<CacheReader> _idle = [];

    public T With<T>(Func<CacheReader, T> read)
    {
        if (!_idle.TryTake(out var reader))
        {
            reader = new CacheReader(file, busyTimeoutMs);
        }

        try
        {
            return read(reader);
        }
        finally
        {
            _idle.Add(reader);
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }
}
