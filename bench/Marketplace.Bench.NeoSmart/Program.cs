// Runs the shared cache workload against NeoSmart.Caching.Sqlite and prints the figures as JSON.
// Usage: Marketplace.Bench.NeoSmart <cache-file> <readers> <writers> <seconds>
using System.Globalization;
using System.Text.Json;
using Marketplace.Bench;
using NeoSmart.Caching.Sqlite;

SQLitePCL.Batteries_V2.Init();
var path = args[0];
var (readers, writers, seconds) = (int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), double.Parse(args[3], CultureInfo.InvariantCulture));
using var cache = new SqliteCache(new SqliteCacheOptions { CachePath = path, MemoryOnly = false });
var figures = await CacheWorkload.RunAsync(cache, readers, writers, TimeSpan.FromSeconds(seconds));
Console.WriteLine(JsonSerializer.Serialize(figures));
