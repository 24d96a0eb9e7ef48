// A second process for the multi-process tests: writes N catalog entries through write units into the
// database named on the command line, W writers at once, and exits 0 only if every unit committed.
// Usage: Marketplace.Data.WriterProcess <database-file> <source-id> <tag> <units> [writers]
using System.Globalization;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
