using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Marketplace.Caching;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Bench;

/// <summary>
/// DESIGN §10 cache figures: gets/s with 200 readers and a writer, awaited stores/s from 64 writers (4 KB values),
/// both beside NeoSmart.Caching.Sqlite running the same workload in its own process; and the time to evict 1 000
/// victims from a small and a large cache (eviction should not depend on the cache's size).
/// </summary>
internal static class CacheScenario
{
    private const int Victims = 1000;

    public static async Task<Report> RunAsync(int runs, bool smoke)
    {
        var seconds = smoke ? 1.0 : 5.0;
        var report = new Report("cache (4 KB values; Marketplace blob cache vs NeoSmart.Caching.Sqlite, same workload, same run)");
        for (var run = 1; run <= runs; run++)
        {
            var ours = await RunOursAsync(200, 1, seconds);
            var theirs = await RunNeoSmartAsync(200, 1, seconds);
            var oursWrites = await RunOursAsync(0, 64, seconds);
            var theirsWrites = await RunNeoSmartAsync(0, 64, seconds);
            report.Rows.Add(new Dictionary<string, object>
            {
                ["run"] = run,
                ["getsPerSec (200 readers + 1 writer)"] = ours.GetsPerSecond,
                ["neoSmart getsPerSec"] = theirs.GetsPerSecond,
                ["gets ratio"] = ours.GetsPerSecond / theirs.GetsPerSecond,
                ["storesPerSec (64 writers)"] = oursWrites.StoresPerSecond,
                ["neoSmart storesPerSec"] = theirsWrites.StoresPerSecond,
                ["stores ratio"] = oursWrites.StoresPerSecond / Math.Max(1, theirsWrites.StoresPerSecond),
                ["errors"] = ours.Errors + oursWrites.Errors,
                ["neoSmart errors"] = theirs.Errors + theirsWrites.Errors,
            });
        }

        foreach (var figure in new[] { "getsPerSec (200 readers + 1 writer)", "storesPerSec (64 writers)", "gets ratio", "stores ratio" })
        {
            report.Summary[$"median {figure}"] = Stats.Median([.. report.Rows.Select(r => (double)r[figure])]);
        }

        foreach (var megabytes in smoke ? new[] { 16, 64 } : [1024, 10240])
        {
            report.Summary[$"evict {Victims} victims from a {megabytes} MB cache (ms)"] = await EvictionAsync(megabytes * 1024L * 1024, smoke ? 4096 : 256 * 1024);
        }

        report.Summary["targets"] = "gets ratio >= 5, stores ratio >= 3 (same run), 0 errors, eviction time about the same at both sizes";
        return report;
    }

    private static async Task<CacheWorkload.Figures> RunOursAsync(int readers, int writers, double seconds)
    {
        var folder = Directory.CreateTempSubdirectory("marketplace-cache-bench-").FullName;
        try
        {
            using var host = CacheHost(Path.Combine(folder, "cache.db"), long.MaxValue);
            await using var blobs = host.Services.GetRequiredService<BlobCache>();
            var cache = host.Services.GetRequiredService<IDistributedCache>();
            return await CacheWorkload.RunAsync(cache, readers, writers, TimeSpan.FromSeconds(seconds));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<CacheWorkload.Figures> RunNeoSmartAsync(int readers, int writers, double seconds)
    {
        var folder = Directory.CreateTempSubdirectory("neosmart-cache-bench-").FullName;
        try
        {
            var tool = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Marketplace.Bench.NeoSmart", "bin",
                new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "Marketplace.Bench.NeoSmart.dll"));
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { tool, Path.Combine(folder, "neosmart.db"), $"{readers}", $"{writers}", seconds.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode == 0
                ? JsonSerializer.Deserialize<CacheWorkload.Figures>(output.Trim())!
                : throw new InvalidOperationException($"NeoSmart run failed ({process.ExitCode}): {error}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Fills a cache to <paramref name="bytes"/>, lowers the limit by 1 000 values, and times the store that evicts them.</summary>
    private static async Task<double> EvictionAsync(long bytes, int valueSize)
    {
        var folder = Directory.CreateTempSubdirectory("marketplace-evict-bench-").FullName;
        var file = Path.Combine(folder, "cache.db");
        var value = new byte[valueSize];
        try
        {
            using (var host = CacheHost(file, long.MaxValue))
            {
                await using var cache = host.Services.GetRequiredService<BlobCache>();
                var count = (int)(bytes / valueSize);
                for (var i = 0; i < count; i += 256)
                {
                    await Task.WhenAll(Enumerable.Range(i, Math.Min(256, count - i)).Select(k => cache.StoreAsync($"k{k:D8}", value)));
                }
            }

            using var smaller = CacheHost(file, bytes - (long)Victims * valueSize);
            await using var evicting = smaller.Services.GetRequiredService<BlobCache>();
            var clock = Stopwatch.StartNew();
            await evicting.StoreAsync("trigger", value); // one capped round: the 1000 oldest go in this commit
            return clock.Elapsed.TotalMilliseconds;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static IHost CacheHost(string file, long maxBytes)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Cache:Path"] = file;
        builder.Configuration["Cache:MaxSizeBytes"] = maxBytes.ToString(CultureInfo.InvariantCulture);
        builder.Configuration["Cache:EvictionBatchSize"] = Victims.ToString(CultureInfo.InvariantCulture);
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Services.AddMarketplaceBlobCache();
        return builder.Build();
    }
}
