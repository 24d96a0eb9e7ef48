using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Marketplace.Caching.Tests;

/// <summary>A blob cache over a real file in a temp folder, with a fake clock; more caches can open the same file.</summary>
internal sealed class CacheFixture : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<BlobCache> _caches = [];

    public CacheFixture(Action<CacheOptions>? configure = null)
    {
        Folder = Directory.CreateTempSubdirectory("marketplace-cache-").FullName;
        Options = new CacheOptions { Path = Path.Combine(Folder, "cache.db"), HitFlushInterval = TimeSpan.FromHours(1) };
        configure?.Invoke(Options);
        Cache = Open();
    }

    public string Folder { get; }
    public CacheOptions Options { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    public BlobCache Cache { get; }

    /// <summary>The first cache as IDistributedCache / IBufferDistributedCache, as DI serves it.</summary>
    public IBufferDistributedCache Distributed => new BlobDistributedCache(Cache, Time);

    public BlobCache Open(CacheOptions? options = null)
    {
        var cache = new BlobCache(Microsoft.Extensions.Options.Options.Create(options ?? Options), Time, NullLogger<BlobCache>.Instance,
            new CacheMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        _caches.Add(cache);
        return cache;
    }

    /// <summary>A plain connection for checking what the cache wrote, as another process would see it.</summary>
    public SqliteConnection Inspect()
    {
        var connection = new SqliteConnection($"Data Source={Options.Path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    public static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static byte[] Value(int seed, int size)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cache in _caches)
        {
            await cache.DisposeAsync();
        }

        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
