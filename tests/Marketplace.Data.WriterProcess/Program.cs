// A second process for the multi-process tests. Two modes, each exiting 0 only if every write committed:
//   <database-file> <source-id> <tag> <units> [writers]   N catalog entries through write units, W writers at once
//   cache <cache-file> <tag> <count> [writers]              N values stored into the blob cache, W writers at once
using System.Globalization;
using Marketplace.Data;
using Marketplace.Caching;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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

if (args.Length < 4)
{
    await Console.Error.WriteLineAsync("usage: <database-file> <source-id> <tag> <units> [writers]");
    return 2;
}

var (database, sourceId, tag) = (args[0], Guid.Parse(args[1]), args[2]);
var units = int.Parse(args[3], CultureInfo.InvariantCulture);
var writers = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 4;

var builder = Host.CreateApplicationBuilder();
builder.Configuration["Database:ConnectionString"] = $"Data Source={database}";
builder.Configuration["Database:MigrateOnStartup"] = "false";
builder.Services.AddMarketplaceData();
using var host = builder.Build();
var runner = host.Services.GetRequiredService<IWriteUnitRunner>();
var time = host.Services.GetRequiredService<TimeProvider>();

var next = -1;
await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < units)
    {
        var index = i;
        await runner.RunAsync((db, _) =>
        {
            var now = time.GetUtcNow();
            db.CatalogEntries.Add(new CatalogEntry
            {
                Id = Guid.NewGuid(),
                SourceId = sourceId,
                Name = $"{tag}-{index}",
                Key = $"command:{tag}-{index}@writer",
                Path = $"{tag}/{index}",
                CreatedAt = now,
                UpdatedAt = now,
            });
            return Task.CompletedTask;
        }, CancellationToken.None);
    }
})));
Console.WriteLine($"{tag}: {units} units committed");
return 0;

// The bytes each key must hold (deterministic across processes), so the test can check every value byte for byte.
static byte[] CacheValue(string tag, int index)
{
    var bytes = new byte[512 + index % 512];
    new Random(index * 7919 + tag.Sum(c => c)).NextBytes(bytes);
    return bytes;
}
