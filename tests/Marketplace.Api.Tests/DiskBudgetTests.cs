using System.Text.Json;
using Marketplace.Caching;
using Marketplace.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests;

/// <summary>
/// Issue 12 finding 9: caching source content never starves the database. The volume is the real one (statvfs);
/// a "nearly full" volume is played by a floor set above its free space, and a cache that cannot write by
/// <c>Cache:MaxFileBytes</c>, which fails writes exactly as a full disk does (SQLITE_FULL).
/// </summary>
public sealed class DiskBudgetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string PastAnyDisk = "1125899906842624"; // 1 PiB: more than this volume has free

    [Fact]
    public async Task Scan_CacheVolumeBelowTheFloor_CachesNoSourceFileAndStillScans()
    {
        await using var factory = new MarketplaceApiFactory(new() { ["Cache:MinFreeDiskBytes"] = PastAnyDisk });
        var api = new MarketplaceClient(factory.CreateClient());
        var source = await api.RegisterSourceAsync(Source(factory, 5));

        var scan = await api.ScanJobAsync(source.Id);
        var cache = factory.Services.GetRequiredService<BlobCache>();
        // The scan queues its fills without waiting for them; one writer commits in order, so after this store they are in.
        await cache.StoreAsync("marker", [1], cancellationToken: Ct);

        Assert.Equal("completed", scan.Status);
        Assert.Equal(5, (await api.CatalogAsync(source.Id)).Count);
        Assert.Equal(1, cache.Stats().Entries);
    }

    [Fact]
    public async Task Scan_CacheVolumeAboveTheFloor_CachesTheSourceFiles()
    {
        await using var factory = new MarketplaceApiFactory(new() { ["Cache:MinFreeDiskBytes"] = "1" });
        var api = new MarketplaceClient(factory.CreateClient());
        var source = await api.RegisterSourceAsync(Source(factory, 5));
        var cache = factory.Services.GetRequiredService<BlobCache>();

        Assert.Equal("completed", (await api.ScanJobAsync(source.Id)).Status);
        await cache.StoreAsync("marker", [1], cancellationToken: Ct);

        Assert.Equal(6, cache.Stats().Entries); // the floor above is what stopped it, not a cache that never fills
    }

    [Fact]
    public async Task Ready_DatabaseVolumeNearlyFull_IsDegradedAndSaysWhy()
    {
        await using var factory = new MarketplaceApiFactory(new() { ["Database:MinFreeDiskBytes"] = PastAnyDisk });
        using var client = factory.CreateClient();

        var (status, checks) = await ReadyAsync(client);

        Assert.Equal("Degraded", status);
        Assert.Equal("Degraded", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Contains("Database:MinFreeDiskBytes", checks.GetProperty("database").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(checks.GetProperty("database").GetProperty("data").GetProperty("freeDiskBytes").GetInt64() > 0);
    }

    [Fact]
    public async Task Ready_CacheLastWriteFailedForStorage_IsDegradedUntilAWriteSucceeds()
    {
        await using var factory = new MarketplaceApiFactory(new() { ["Cache:MaxFileBytes"] = $"{2 << 20}", ["Cache:MaxWalBytes"] = $"{1 << 20}" });
        using var client = factory.CreateClient();
        var cache = factory.Services.GetRequiredService<BlobCache>();
        var stored = 0;
        for (; stored < 1000; stored++)
        {
            try
            {
                await cache.StoreAsync($"fill-{stored}", new byte[16 * 1024], cancellationToken: Ct);
            }
            catch (StorageUnavailableException)
            {
                break;
            }
        }

        var (status, checks) = await ReadyAsync(client);
        Assert.True(stored < 1000, "the capped file never filled");
        Assert.Equal(("Degraded", "Degraded"), (status, checks.GetProperty("cache").GetProperty("status").GetString()));
        Assert.Contains("cannot write", checks.GetProperty("cache").GetProperty("description").GetString(), StringComparison.Ordinal);

        await cache.RemoveAsync("fill-0", Ct);
        Assert.Equal("Healthy", (await ReadyAsync(client)).Checks.GetProperty("cache").GetProperty("status").GetString());
    }

    private static async Task<(string Status, JsonElement Checks)> ReadyAsync(HttpClient client)
    {
        var body = JsonDocument.Parse(await client.GetStringAsync("/health/ready", Ct)).RootElement;
        return (body.GetProperty("status").GetString()!, body.GetProperty("checks"));
    }

    /// <summary>A local source of <paramref name="commands"/> command files.</summary>
    private static string Source(MarketplaceApiFactory factory, int commands)
    {
        var root = Directory.CreateDirectory(Path.Combine(factory.SourcesFolder, "disk-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        Directory.CreateDirectory(Path.Combine(root, "commands"));
        for (var i = 0; i < commands; i++)
        {
            File.WriteAllText(Path.Combine(root, "commands", $"c{i}.md"), $"---\ndescription: command {i}\n---\nDo thing {i}.\n");
        }

        return root;
    }
}
