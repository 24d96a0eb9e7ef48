using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Marketplace.Caching;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Marketplace.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Bench;

/// <summary>A <c>multiprocess-child</c> of <see cref="MultiprocessScenario"/>: M writers of units and cache stores for a set time.</summary>
internal static class MultiprocessChild
{
    /// <summary>The child process: writes until the time is up, then prints what it committed as one JSON line.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var (database, cacheFile, sourceId, tag) = (args[1], args[2], Guid.Parse(args[3]), args[4]);
        var seconds = int.Parse(args[5], CultureInfo.InvariantCulture);
        var writers = int.Parse(args[6], CultureInfo.InvariantCulture);
        using var host = Host(database, cacheFile, migrate: false, queue: args[7]);
        var units = host.Services.GetRequiredService<IWriteUnitRunner>();
        await using var cache = host.Services.GetRequiredService<BlobCache>();
        var next = -1;
        var (errors, maxStore) = (0, 0.0);
        var (waits, lockHolds) = (new List<double>(), new List<double>());
        var committed = new System.Collections.Concurrent.ConcurrentBag<int>();
        // Warm-up outside the figures: EF's model, the first connection, the cache writer.
        await units.RunAsync((db, _) =>
        {
            db.CatalogEntries.Add(new CatalogEntry { Id = Guid.NewGuid(), SourceId = sourceId, Name = $"{tag}-warm", Key = $"command:{tag}-warm@multiprocess", Path = $"warm/{tag}" });
            return Task.CompletedTask;
        }, CancellationToken.None);
        await cache.StoreAsync($"warm-{tag}", [0]);
        var deadline = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            while (deadline.Elapsed.TotalSeconds < seconds)
            {
                var i = Interlocked.Increment(ref next);
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    var unit = await units.ExecuteAsync((db, _) =>
                    {
                        db.CatalogEntries.Add(new CatalogEntry { Id = Guid.NewGuid(), SourceId = sourceId, Name = $"{tag}-{i}", Key = $"command:{tag}-{i}@multiprocess", Path = $"{tag}/{i}" });
                        return Task.FromResult(i);
                    }, CancellationToken.None);
                    var waitMs = (Stopwatch.GetElapsedTime(started) - unit.LockHold).TotalMilliseconds;
                    started = Stopwatch.GetTimestamp();
                    await cache.StoreAsync($"{tag}-{i}", BitConverter.GetBytes(i));
                    var storeMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    committed.Add(i);
                    lock (committed)
                    {
                        waits.Add(waitMs);
                        lockHolds.Add(unit.LockHold.TotalMilliseconds);
                        maxStore = Math.Max(maxStore, storeMs);
                    }
                }
                catch (Exception e) when (e is DatabaseBusyException or StorageUnavailableException or SqliteException)
                {
                    Interlocked.Increment(ref errors);
                    await Console.Error.WriteLineAsync(e.Message);
                }
            }
        })));

        // Indexes 0..n-1 all committed unless something failed; a failure is counted, and the check then finds it missing.
        var result = new Result(tag, writers, committed.Count, committed.Count, errors, Stats.Percentile(waits, 50), Stats.Percentile(waits, 99),
            waits.Count == 0 ? 0 : waits.Max(), Stats.Percentile(lockHolds, 99), maxStore, deadline.Elapsed.TotalSeconds);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    public static IHost Host(string database, string cacheFile, bool migrate, string queue)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration["Database:ConnectionString"] = $"Data Source={database}";
        builder.Configuration["Database:MigrateOnStartup"] = migrate ? "true" : "false";
        builder.Configuration["Database:WriteQueue"] = queue;
        builder.Configuration["Cache:Path"] = cacheFile;
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMarketplaceData().AddMarketplaceBlobCache();
        return builder.Build();
    }

    public sealed record Result(string Tag, int Writers, int Units, int Stores, int Errors, double WaitP50Ms, double WaitP99Ms,
        double WaitMaxMs, double LockP99Ms, double MaxStoreMs, double Seconds);
}
