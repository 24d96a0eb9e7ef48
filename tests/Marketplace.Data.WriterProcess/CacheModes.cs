using System.Globalization;
using Marketplace.Caching;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Data.WriterProcess;

/// <summary>
/// The blob cache modes beyond plain stores:
///   cache-sync &lt;cache-file&gt; &lt;count&gt; &lt;threads&gt;   synchronous IDistributedCache.Set from every thread the pool may have,
///                                                the pool capped at that many: a writer that needs a pool thread never finishes
///   hybrid &lt;cache-file&gt; set &lt;key&gt; &lt;value&gt; &lt;tag&gt;  HybridCache over the blob cache (L2): store a string under a tag
///   hybrid &lt;cache-file&gt; get &lt;key&gt;                 print the value, or &lt;miss&gt; when neither L1 nor L2 has it
/// </summary>
internal static class CacheModes
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Cache:Path"] = args[1];
        builder.Logging.ClearProviders();
        builder.Services.AddMarketplaceBlobCache();
        builder.Services.AddHybridCache();
        using var host = builder.Build();
        await using var blobs = host.Services.GetRequiredService<BlobCache>();
        return args switch
        {
            ["cache-sync", _, var count, var threads] => SyncSets(host.Services.GetRequiredService<IDistributedCache>(),
                int.Parse(count, CultureInfo.InvariantCulture), int.Parse(threads, CultureInfo.InvariantCulture)),
            ["hybrid", _, "set", var key, var value, var tag] => await SetAsync(host.Services.GetRequiredService<HybridCache>(), key, value, tag),
            ["hybrid", _, "get", var key] => await GetAsync(host.Services.GetRequiredService<HybridCache>(), key),
            _ => 2,
        };
    }

    private static int SyncSets(IDistributedCache cache, int count, int threads)
    {
        ThreadPool.SetMinThreads(threads, threads);
        ThreadPool.SetMaxThreads(threads, threads);
        var next = -1;
        var value = new byte[4096];
        var options = new DistributedCacheEntryOptions();
        // Exactly as many pool work items as the pool has threads, each blocking in Set: none is left for anything else.
        var workers = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(() =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                cache.Set($"sync-{i}", value, options);
            }
        }, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default)).ToArray();
        Task.WaitAll(workers);
        Console.WriteLine($"{count} values stored");
        return 0;
    }

    private static async Task<int> SetAsync(HybridCache cache, string key, string value, string tag)
    {
        await cache.SetAsync(key, value, tags: [tag]);
        Console.WriteLine("stored");
        return 0;
    }

    private static async Task<int> GetAsync(HybridCache cache, string key)
    {
        var value = await cache.GetOrCreateAsync(key, _ => ValueTask.FromResult("<miss>"),
            new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableDistributedCacheWrite | HybridCacheEntryFlags.DisableLocalCacheWrite });
        Console.Out.Write(value);
        await Console.Out.FlushAsync();
        return 0;
    }
}
