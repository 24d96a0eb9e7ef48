using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Marketplace.Caching;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Marketplace.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Bench;

/// <summary>
/// DESIGN §10 multi-process writers: N processes (this program again, in <c>multiprocess-child</c> mode) × M writers,
/// each writer alternating a write unit on one database and an awaited store into one cache file, for a set time.
/// Afterwards every unit a child reported is looked up in the database and every store in the cache.
/// </summary>
internal static class MultiprocessScenario
{
    public static async Task<Report> RunAsync(int runs, bool smoke)
    {
        var (processes, writers, seconds) = smoke ? (2, 2, 2) : (4, 8, 30);
        var report = new Report($"multiprocess ({processes} processes x {writers} writers, {seconds} s, one database and one cache file)");
        for (var run = 1; run <= runs; run++)
        {
            var row = await RunOnceAsync(processes, writers, seconds);
            row["run"] = run;
            report.Rows.Add(row);
        }

        foreach (var figure in new[] { "unitsPerSec", "storesPerSec", "maxUnitWaitMs", "maxStoreWaitMs" })
        {
            report.Summary[$"median {figure}"] = Stats.Median([.. report.Rows.Select(r => (double)r[figure])]);
        }

        report.Summary["errors (all runs)"] = report.Rows.Sum(r => (int)r["errors"]);
        report.Summary["missing writes (all runs)"] = report.Rows.Sum(r => (int)r["missing"]);
        report.Summary["target"] = "0 errors, every write present afterwards";
        return report;
    }

    private static async Task<Dictionary<string, object>> RunOnceAsync(int processes, int writers, int seconds)
    {
        var folder = Directory.CreateTempSubdirectory("marketplace-multiprocess-").FullName;
        try
        {
            var database = Path.Combine(folder, "marketplace.db");
            var cacheFile = Path.Combine(folder, "cache.db");
            Guid sourceId;
            using (var host = Host(database, cacheFile, migrate: true))
            {
                await host.StartAsync();
                sourceId = Guid.NewGuid();
                await host.Services.GetRequiredService<IWriteUnitRunner>().RunAsync((db, _) =>
                {
                    db.Sources.Add(new MarketplaceSource { Id = sourceId, Name = "multiprocess", Namespace = "multiprocess", RepoUrl = "https://bench.test/multiprocess" });
                    return Task.CompletedTask;
                }, CancellationToken.None);
                await host.Services.GetRequiredService<BlobCache>().StoreAsync("warm", [1]); // creates the cache file and schema
                await host.StopAsync();
            }

            var children = await Task.WhenAll(Enumerable.Range(0, processes).Select(p => RunChildAsync(database, cacheFile, sourceId, $"p{p}", seconds, writers)));
            var wall = children.Max(c => c.Seconds);

            SqliteConnection.ClearAllPools();
            using var check = Host(database, cacheFile, migrate: false);
            var contexts = check.Services.GetRequiredService<IDbContextFactory<MarketplaceDbContext>>();
            await using var db = await contexts.CreateDbContextAsync();
            var cache = check.Services.GetRequiredService<BlobCache>();
            var missingUnits = 0;
            var missingStores = 0;
            foreach (var child in children)
            {
                var present = await db.CatalogEntries.CountAsync(e => e.SourceId == sourceId && e.Path.StartsWith(child.Tag + "/"));
                missingUnits += child.Units - present;
                var keys = Enumerable.Range(0, child.Stores).Select(i => $"{child.Tag}-{i}").ToList();
                missingStores += keys.Count - cache.ExistsMany(keys).Count;
            }

            var units = children.Sum(c => c.Units);
            var stores = children.Sum(c => c.Stores);
            var row = new Dictionary<string, object>
            {
                ["processes"] = processes,
                ["writers"] = processes * writers,
                ["seconds"] = wall,
                ["units"] = units,
                ["unitsPerSec"] = units / wall,
                ["stores"] = stores,
                ["storesPerSec"] = stores / wall,
                ["errors"] = children.Sum(c => c.Errors),
                ["maxUnitWaitMs"] = children.Max(c => c.MaxUnitMs),
                ["maxStoreWaitMs"] = children.Max(c => c.MaxStoreMs),
                ["missing"] = missingUnits + missingStores,
            };
            await cache.DisposeAsync();
            return row;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The child process: writes until the time is up, then prints what it committed as one JSON line.</summary>
    public static async Task<int> ChildAsync(string[] args)
    {
        var (database, cacheFile, sourceId, tag) = (args[1], args[2], Guid.Parse(args[3]), args[4]);
        var seconds = int.Parse(args[5], CultureInfo.InvariantCulture);
        var writers = int.Parse(args[6], CultureInfo.InvariantCulture);
        using var host = Host(database, cacheFile, migrate: false);
        var units = host.Services.GetRequiredService<IWriteUnitRunner>();
        await using var cache = host.Services.GetRequiredService<BlobCache>();
        var next = -1;
        var (errors, maxUnit, maxStore) = (0, 0.0, 0.0);
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
                    await units.RunAsync((db, _) =>
                    {
                        db.CatalogEntries.Add(new CatalogEntry { Id = Guid.NewGuid(), SourceId = sourceId, Name = $"{tag}-{i}", Key = $"command:{tag}-{i}@multiprocess", Path = $"{tag}/{i}" });
                        return Task.CompletedTask;
                    }, CancellationToken.None);
                    var unitMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    started = Stopwatch.GetTimestamp();
                    await cache.StoreAsync($"{tag}-{i}", BitConverter.GetBytes(i));
                    var storeMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    committed.Add(i);
                    lock (committed)
                    {
                        (maxUnit, maxStore) = (Math.Max(maxUnit, unitMs), Math.Max(maxStore, storeMs));
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
        Console.WriteLine(JsonSerializer.Serialize(new ChildResult(tag, committed.Count, committed.Count, errors, maxUnit, maxStore, deadline.Elapsed.TotalSeconds)));
        return 0;
    }

    private static async Task<ChildResult> RunChildAsync(string database, string cacheFile, Guid sourceId, string tag, int seconds, int writers)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(MultiprocessScenario).Assembly.Location, "multiprocess-child", database, cacheFile, sourceId.ToString(), tag, seconds.ToString(CultureInfo.InvariantCulture), writers.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        return process.ExitCode == 0 && line is not null
            ? JsonSerializer.Deserialize<ChildResult>(line)!
            : throw new InvalidOperationException($"child {tag} failed ({process.ExitCode}): {output}");
    }

    private static IHost Host(string database, string cacheFile, bool migrate)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration["Database:ConnectionString"] = $"Data Source={database}";
        builder.Configuration["Database:MigrateOnStartup"] = migrate ? "true" : "false";
        builder.Configuration["Cache:Path"] = cacheFile;
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMarketplaceData().AddMarketplaceBlobCache();
        return builder.Build();
    }

    private sealed record ChildResult(string Tag, int Units, int Stores, int Errors, double MaxUnitMs, double MaxStoreMs, double Seconds);
}
