using System.Diagnostics;
using System.Globalization;
using Marketplace.Caching;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Bench;

/// <summary>
/// DESIGN §10 cache at the seed's scale: a cache file filled to 1 GB and to <c>--size-gb</c> (20 by hand; CI's smoke
/// uses 16 and 64 MB), each then read by 500 concurrent readers while one writer keeps storing, awaited: get p50/p99,
/// gets/s and stores/s; then one eviction round of 1 000 victims (the smoke: a quarter of the entries), timed; file and
/// WAL sizes. Readers draw from a hot set (read once first) of the same 8 192 keys (256 MB) at every size, spread
/// evenly over the whole key range and so over the whole file and its indexes — what hundreds of users read — and 1 read in 100 from all
/// keys, reported apart (the cold tail: at 20 GB these come from disk, at 1 GB from the page cache). Target: the hot
/// p99 and the eviction time within 1.5× between the sizes.
/// Each file is deleted after its row.
/// </summary>
internal static class CacheScaleScenario
{
    private const int ValueSize = 32 * 1024;
    private const int Victims = 1000;
    private const int Readers = 500;
    private const int HotKeys = 8192;

    public static async Task<Report> RunAsync(double sizeGb, bool smoke)
    {
        var sizes = smoke ? new[] { 16.0 / 1024, 64.0 / 1024 } : [1.0, sizeGb];
        var seconds = smoke ? 1.0 : 10.0;
        var report = new Report($"cache-scale ({ValueSize / 1024} KB values, {Readers} readers + 1 awaited writer, then one eviction round)");
        foreach (var gb in sizes)
        {
            report.Rows.Add(await RunSizeAsync(gb, seconds));
        }

        var (small, large) = (report.Rows[0], report.Rows[^1]);
        report.Summary["hot p99 ratio (large / small)"] = (double)large["get p99 us"] / (double)small["get p99 us"];
        report.Summary["eviction ratio (large / small)"] = (double)large["evict round ms"] / (double)small["evict round ms"];
        report.Summary["target"] = "both ratios <= 1.5";
        return report;
    }

    private static async Task<Dictionary<string, object>> RunSizeAsync(double gb, double seconds)
    {
        var folder = Directory.CreateTempSubdirectory("marketplace-cache-scale-").FullName;
        var file = Path.Combine(folder, "cache.db");
        try
        {
            var count = (int)(gb * 1024 * 1024 * 1024 / ValueSize);
            var row = new Dictionary<string, object> { ["size GB"] = gb, ["entries"] = count };
            using (var host = CacheScenario.CacheHost(file, long.MaxValue))
            {
                await using var cache = host.Services.GetRequiredService<BlobCache>();
                var fill = Stopwatch.StartNew();
                await FillAsync(cache, count);
                row["fill MB/s"] = count * (double)ValueSize / (1 << 20) / fill.Elapsed.TotalSeconds;
                await MeasureAsync(cache, count, seconds, row);
                row["file MB"] = cache.Stats().FileBytes / (double)(1 << 20);
                row["WAL MB"] = cache.Stats().WalBytes / (double)(1 << 20);
            }

            var total = new FileInfo(file).Length; // only to size the limit below: the cache's own total is exact
            using var smaller = CacheScenario.CacheHost(file, long.MaxValue);
            await using (var probe = smaller.Services.GetRequiredService<BlobCache>())
            {
                total = probe.Stats().TotalBytes;
            }

            var victims = Math.Min(Victims, count / 4); // the smoke's 16 MB file has 512 entries
            using var evicting = CacheScenario.CacheHost(file, total - (long)(victims - 1) * ValueSize);
            await using var evict = evicting.Services.GetRequiredService<BlobCache>();
            var clock = Stopwatch.StartNew();
            await evict.StoreAsync("trigger", new byte[ValueSize]); // one capped round: the oldest go in this commit
            row["evict round ms"] = clock.Elapsed.TotalMilliseconds;
            row["evicted"] = evict.Stats().Evictions;
            return row;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task FillAsync(BlobCache cache, int count)
    {
        var value = new byte[ValueSize];
        new Random(3).NextBytes(value);
        for (var i = 0; i < count; i += 512)
        {
            await Task.WhenAll(Enumerable.Range(i, Math.Min(512, count - i)).Select(k => cache.StoreAsync(Key(k), value)));
        }
    }

    private static async Task MeasureAsync(BlobCache cache, int count, double seconds, Dictionary<string, object> row)
    {
        var stride = Math.Max(1, count / HotKeys);
        for (var i = 0; i < HotKeys; i++)
        {
            cache.Get(Key(Math.Min(count - 1, i * stride))); // a hot set is one that has been read: warm it once
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var samples = new List<double>[Readers];
        var coldSamples = new List<double>[Readers];
        long errors = 0, stores = 0;
        var value = new byte[ValueSize];
        var clock = Stopwatch.StartNew();
        var readers = Enumerable.Range(0, Readers).Select(r => Task.Run(async () =>
        {
            var (random, mine, cold) = (new Random(r), samples[r] = new List<double>(4096), coldSamples[r] = new List<double>(64));
            while (!stop.IsCancellationRequested)
            {
                var tail = random.Next(100) == 0;
                var key = tail ? random.Next(count) : Math.Min(count - 1, random.Next(HotKeys) * stride);
                var start = Stopwatch.GetTimestamp();
                if (cache.Get(Key(key)) is null)
                {
                    Interlocked.Increment(ref errors);
                }

                (tail ? cold : mine).Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                await Task.Yield();
            }
        }));
        var writer = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                await cache.StoreAsync($"new-{n}", value);
                Interlocked.Increment(ref stores);
            }
        });
        await Task.WhenAll(readers.Append(writer));
        var all = samples.SelectMany(s => s).ToList();
        row["get p50 us"] = Stats.Percentile(all, 50);
        row["get p99 us"] = Stats.Percentile(all, 99);
        row["cold get p99 us"] = Stats.Percentile(coldSamples.SelectMany(s => s).ToList(), 99);
        row["gets/s"] = (all.Count + coldSamples.Sum(s => s.Count)) / clock.Elapsed.TotalSeconds;
        row["awaited stores/s"] = stores / clock.Elapsed.TotalSeconds;
        row["errors"] = errors;
    }

    private static string Key(int index) => string.Create(CultureInfo.InvariantCulture, $"k{index:D9}");
}
