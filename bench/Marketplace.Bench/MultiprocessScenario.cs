using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Marketplace.Caching;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Bench;

/// <summary>
/// DESIGN §10 multi-process writers: N processes (this program again, in <c>multiprocess-child</c> mode) × M writers,
/// each writer alternating a write unit on one database and an awaited store into one cache file, for a set time, with
/// the cross-process write queue off and on. Afterwards every unit a child reported is looked up in the database and
/// every store in the cache. Each process reports how long its units waited (elapsed minus lock hold): p50, p99, max.
/// </summary>
internal static class MultiprocessScenario
{
    public static async Task<Report> RunAsync(int runs, bool smoke)
    {
        var (processes, writers, seconds) = smoke ? (2, 2, 2) : (4, 8, 30);
        var report = new Report($"multiprocess ({processes} processes x {writers} writers, {seconds} s, one database and one cache file; write queue off and on)");
        for (var run = 1; run <= runs; run++)
        {
            foreach (var queue in new[] { "Off", "On" })
            {
                foreach (var row in await RunOnceAsync(processes, writers, seconds, queue))
                {
                    row["run"] = run;
                    report.Rows.Add(row);
                }
            }
        }

        foreach (var queue in new[] { "Off", "On" })
        {
            var totals = report.Rows.Where(r => (string)r["queue"] == queue && (string)r["process"] == "all").ToList();
            foreach (var figure in new[] { "unitsPerSec", "waitP99Ms", "waitMaxMs", "lockP99Ms" })
            {
                report.Summary[$"queue {queue}: median {figure}"] = Stats.Median([.. totals.Select(r => (double)r[figure])]);
            }

            report.Summary[$"queue {queue}: errors (all runs)"] = totals.Sum(r => (int)r["errors"]);
            report.Summary[$"queue {queue}: missing writes (all runs)"] = totals.Sum(r => (int)r["missing"]);
        }

        report.Summary["wait"] = "a unit's elapsed time minus its lock hold: the in-process gate, the queue, SQLite's busy wait, retries";
        report.Summary["target"] = "0 errors, every write present afterwards; the 'all' row's wait figures are the worst process's";
        return report;
    }

    private static async Task<List<Dictionary<string, object>>> RunOnceAsync(int processes, int writers, int seconds, string queue)
    {
        var folder = Directory.CreateTempSubdirectory("marketplace-multiprocess-").FullName;
        try
        {
            var database = Path.Combine(folder, "marketplace.db");
            var cacheFile = Path.Combine(folder, "cache.db");
            Guid sourceId;
            using (var host = MultiprocessChild.Host(database, cacheFile, migrate: true, queue))
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

            var children = await Task.WhenAll(Enumerable.Range(0, processes).Select(p => RunChildAsync(database, cacheFile, sourceId, $"p{p}", seconds, writers, queue)));
            var wall = children.Max(c => c.Seconds);

            SqliteConnection.ClearAllPools();
            using var check = MultiprocessChild.Host(database, cacheFile, migrate: false, queue);
            var contexts = check.Services.GetRequiredService<IDbContextFactory<MarketplaceDbContext>>();
            await using var db = await contexts.CreateDbContextAsync();
            var cache = check.Services.GetRequiredService<BlobCache>();
            var rows = new List<Dictionary<string, object>>();
            foreach (var child in children)
            {
                var present = await db.CatalogEntries.CountAsync(e => e.SourceId == sourceId && e.Path.StartsWith(child.Tag + "/"));
                var keys = Enumerable.Range(0, child.Stores).Select(i => $"{child.Tag}-{i}").ToList();
                rows.Add(ChildRow(queue, child, child.Units - present + keys.Count - cache.ExistsMany(keys).Count));
            }

            var units = children.Sum(c => c.Units);
            rows.Add(new Dictionary<string, object>
            {
                ["queue"] = queue,
                ["process"] = "all",
                ["writers"] = processes * writers,
                ["seconds"] = wall,
                ["units"] = units,
                ["unitsPerSec"] = units / wall,
                ["storesPerSec"] = children.Sum(c => c.Stores) / wall,
                ["waitP50Ms"] = rows.Max(r => (double)r["waitP50Ms"]),
                ["waitP99Ms"] = rows.Max(r => (double)r["waitP99Ms"]),
                ["waitMaxMs"] = rows.Max(r => (double)r["waitMaxMs"]),
                ["lockP99Ms"] = rows.Max(r => (double)r["lockP99Ms"]),
                ["maxStoreWaitMs"] = rows.Max(r => (double)r["maxStoreWaitMs"]),
                ["errors"] = rows.Sum(r => (int)r["errors"]),
                ["missing"] = rows.Sum(r => (int)r["missing"]),
            });
            await cache.DisposeAsync();
            return rows;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Dictionary<string, object> ChildRow(string queue, MultiprocessChild.Result child, int missing) => new()
    {
        ["queue"] = queue,
        ["process"] = child.Tag,
        ["writers"] = child.Writers,
        ["seconds"] = child.Seconds,
        ["units"] = child.Units,
        ["unitsPerSec"] = child.Units / child.Seconds,
        ["storesPerSec"] = child.Stores / child.Seconds,
        ["waitP50Ms"] = child.WaitP50Ms,
        ["waitP99Ms"] = child.WaitP99Ms,
        ["waitMaxMs"] = child.WaitMaxMs,
        ["lockP99Ms"] = child.LockP99Ms,
        ["maxStoreWaitMs"] = child.MaxStoreMs,
        ["errors"] = child.Errors,
        ["missing"] = missing,
    };

    private static async Task<MultiprocessChild.Result> RunChildAsync(string database, string cacheFile, Guid sourceId, string tag, int seconds, int writers, string queue)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        string[] args = [typeof(MultiprocessScenario).Assembly.Location, "multiprocess-child", database, cacheFile, sourceId.ToString(), tag,
            seconds.ToString(CultureInfo.InvariantCulture), writers.ToString(CultureInfo.InvariantCulture), queue];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        return process.ExitCode == 0 && line is not null
            ? JsonSerializer.Deserialize<MultiprocessChild.Result>(line)!
            : throw new InvalidOperationException($"child {tag} failed ({process.ExitCode}): {output}");
    }

}
