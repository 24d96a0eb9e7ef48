using System.Diagnostics;
using Microsoft.Extensions.Caching.Distributed;

namespace Marketplace.Bench;

/// <summary>
/// One cache workload run against any IDistributedCache, so Marketplace's blob cache and NeoSmart.Caching.Sqlite
/// are measured by the same code: seed keys of 4 KB values, then readers get random keys while writers store new
/// keys (each store awaited) for a fixed time.
/// </summary>
internal static class CacheWorkload
{
    public sealed record Figures(double GetsPerSecond, double StoresPerSecond, long Gets, long Stores, long Errors);

    public static async Task<Figures> RunAsync(IDistributedCache cache, int readers, int writers, TimeSpan duration, int keys = 1000, int valueSize = 4096)
    {
        var value = new byte[valueSize];
        new Random(1).NextBytes(value);
        var options = new DistributedCacheEntryOptions();
        for (var i = 0; i < keys; i += 100)
        {
            await Task.WhenAll(Enumerable.Range(i, Math.Min(100, keys - i)).Select(k => cache.SetAsync($"seed-{k}", value, options)));
        }

        long gets = 0, stores = 0, errors = 0;
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var readerTasks = Enumerable.Range(0, readers).Select(r => Task.Run(async () =>
        {
            var random = new Random(r);
            while (!stop.IsCancellationRequested)
            {
                for (var n = 0; n < 64; n++)
                {
                    try
                    {
                        if (cache.Get($"seed-{random.Next(keys)}") is null)
                        {
                            Interlocked.Increment(ref errors);
                        }

                        Interlocked.Increment(ref gets);
                    }
                    catch (Exception)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }

                await Task.Yield(); // let writers and the timer in on a 2-core machine
            }
        }));
        var writerTasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                try
                {
                    await cache.SetAsync($"w{w}-{n}", value, options);
                    Interlocked.Increment(ref stores);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        await Task.WhenAll(readerTasks.Concat(writerTasks));
        var seconds = clock.Elapsed.TotalSeconds;
        return new Figures(gets / seconds, stores / seconds, gets, stores, errors);
    }
}
