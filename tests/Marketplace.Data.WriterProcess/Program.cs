// A second process for the multi-process tests. Modes, the writing ones exiting 0 only if every write committed:
//   <database-file> <source-id> <tag> <units> [writers] [hold-ms]
//                                                          N catalog entries through write units, W writers at once, each
//                                                          unit keeping the lock H ms; prints "N units committed" and a line
//                                                          of figures: the most units that committed while one waited, …
//   cache <cache-file> <tag> <count> [writers]              N values stored into the blob cache, W writers at once
//   cache-sync … / hybrid …                                 see CacheModes.cs
//   hold <database-file> <source-id> <tag>                  one write unit that writes a row, prints "holding" and never ends
// Settings come from the environment as usual (Database__WriteQueue=Off, Database__BusyTimeoutMs=…).
using System.Globalization;
using Marketplace.Data;
using Marketplace.Caching;
using Marketplace.Data.Diagnostics;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

if (args is ["cache-sync" or "hybrid", ..])
{
    return await Marketplace.Data.WriterProcess.CacheModes.RunAsync(args);
}

if (args is ["cache", var cacheFile, var cacheTag, var countText, ..])
{
    var count = int.Parse(countText, CultureInfo.InvariantCulture);
    var cacheWriters = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 8;
    var cacheBuilder = Host.CreateApplicationBuilder();
    cacheBuilder.Configuration["Cache:Path"] = cacheFile;
    cacheBuilder.Services.AddMarketplaceBlobCache();
    using var cacheHost = cacheBuilder.Build();
    await using var cache = cacheHost.Services.GetRequiredService<BlobCache>();
    var nextValue = -1;
    await Task.WhenAll(Enumerable.Range(0, cacheWriters).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref nextValue)) < count)
        {
            await cache.StoreAsync($"{cacheTag}-{i}", CacheValue(cacheTag, i));
        }
    })));
    Console.WriteLine($"{cacheTag}: {count} values stored");
    return 0;
}

var hold = args is ["hold", ..];
if (args.Length < 4)
{
    await Console.Error.WriteLineAsync("usage: <database-file> <source-id> <tag> <units> [writers] | hold <database-file> <source-id> <tag>");
    return 2;
}

var (database, sourceId, tag) = hold ? (args[1], Guid.Parse(args[2]), args[3]) : (args[0], Guid.Parse(args[1]), args[2]);
var builder = Host.CreateApplicationBuilder();
builder.Configuration["Database:ConnectionString"] = $"Data Source={database}";
builder.Configuration["Database:MigrateOnStartup"] = "false";
builder.Services.AddMarketplaceData();
using var host = builder.Build();
var runner = host.Services.GetRequiredService<IWriteUnitRunner>();
var contexts = host.Services.GetRequiredService<IDbContextFactory<MarketplaceDbContext>>();
var time = host.Services.GetRequiredService<TimeProvider>();

if (hold)
{
    // Holds its turn in the write queue and SQLite's write lock, with a row written, until the test kills the process.
    await runner.RunAsync(async (db, ct) =>
    {
        db.CatalogEntries.Add(Entry($"{tag}/held"));
        await db.SaveChangesAsync(ct);
        Console.WriteLine("holding");
        await Task.Delay(Timeout.Infinite, ct);
    }, CancellationToken.None);
    return 1;
}

var units = int.Parse(args[3], CultureInfo.InvariantCulture);
var writers = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 4;
var holdMs = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 0;
var next = -1;
var maxOvertaken = 0L;
await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < units)
    {
        // Rows are never deleted here, so rowids follow commit order: the rows committed between this unit's arrival
        // and its own commit are the units (of any process) that went while it waited.
        var path = $"{tag}/{i}";
        var arrived = await LastRowIdAsync(null);
        await runner.RunAsync(async (db, ct) =>
        {
            db.CatalogEntries.Add(Entry(path));
            await Task.Delay(holdMs, ct); // work inside the transaction, so the lock hold outweighs scheduling noise
        }, CancellationToken.None);
        var overtaken = await LastRowIdAsync(path) - arrived - 1;
        InterlockedMax(ref maxOvertaken, overtaken);
    }
})));
var figures = host.Services.GetRequiredService<DataMetrics>().Snapshot();
Console.WriteLine($"{tag}: {units} units committed");
Console.WriteLine(FormattableString.Invariant($"figures: overtaken {maxOvertaken} bypasses {figures.QueueBypasses} retries {figures.BusyRetries}"));
return 0;

CatalogEntry Entry(string path)
{
    var now = time.GetUtcNow();
    return new CatalogEntry
    {
        Id = Guid.NewGuid(), SourceId = sourceId, Name = path, Key = $"command:{path.Replace('/', '-')}@writer", Path = path,
        CreatedAt = now, UpdatedAt = now,
    };
}

// The rowid of the entry at path, or the highest committed one when path is null.
async Task<long> LastRowIdAsync(string? path)
{
    await using var db = await contexts.CreateDbContextAsync();
    return path is null
        ? await db.Database.SqlQuery<long>($"SELECT coalesce(max(rowid), 0) AS Value FROM catalog_entries").SingleAsync()
        : await db.Database.SqlQuery<long>($"SELECT rowid AS Value FROM catalog_entries WHERE path = {path}").SingleAsync();
}

static void InterlockedMax(ref long target, long value)
{
    for (var seen = Interlocked.Read(ref target); value > seen; seen = Interlocked.Read(ref target))
    {
        if (Interlocked.CompareExchange(ref target, value, seen) == seen)
        {
            return;
        }
    }
}

// The bytes each key must hold (deterministic across processes), so the test can check every value byte for byte.
static byte[] CacheValue(string tag, int index)
{
    var bytes = new byte[512 + index % 512];
    new Random(index * 7919 + tag.Sum(c => c)).NextBytes(bytes);
    return bytes;
}
