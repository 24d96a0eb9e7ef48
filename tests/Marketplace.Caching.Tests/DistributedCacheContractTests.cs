using System.Buffers;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Caching.Tests;

/// <summary>
/// The IDistributedCache / IBufferDistributedCache contract as Microsoft's suites state it (dotnet/extensions
/// DistributedCacheTests; dotnet/aspnetcore SqlServer and StackExchangeRedis tests), written for the blob cache.
/// </summary>
public sealed class DistributedCacheContractTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DistributedCacheEntryOptions FiveMinutes = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task Services_DistributedCache_IsABufferDistributedCacheSoHybridCacheNeedNotCopy()
    {
        var builder = Host.CreateApplicationBuilder();
        var folder = Directory.CreateTempSubdirectory("marketplace-cache-di-").FullName;
        builder.Configuration["Cache:Path"] = Path.Combine(folder, "cache.db");
        builder.Services.AddMarketplaceBlobCache();
        using (var host = builder.Build())
        {
            await using var blobs = host.Services.GetRequiredService<BlobCache>();
            Assert.IsAssignableFrom<IBufferDistributedCache>(host.Services.GetRequiredService<IDistributedCache>());
        }

        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(128, true)]
    [InlineData(1024, false)]
    [InlineData(16 * 1024, true)]
    public async Task SetGet_ByteArrays_RoundTripAndExpireOnTheClock(int size, bool async)
    {
        await using var fixture = new CacheFixture();
        var cache = fixture.Distributed;
        var expected = CacheFixture.Value(size, size);
        if (async)
        {
            await cache.RemoveAsync("k", Ct);
            Assert.Null(await cache.GetAsync("k", Ct));
            await cache.SetAsync("k", expected, FiveMinutes, Ct);
        }
        else
        {
            cache.Remove("k");
            Assert.Null(cache.Get("k"));
            cache.Set("k", expected, FiveMinutes);
        }

        Assert.Equal(expected, async ? await cache.GetAsync("k", Ct) : cache.Get("k"));
        fixture.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(expected, cache.Get("k"));
        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(async ? await cache.GetAsync("k", Ct) : cache.Get("k"));
    }

    [Theory]
    [CombinatorialSizes]
    public async Task SetTryGet_EverySequenceShape_RoundTripsIntoABufferWriterAndExpires(int size, TestSequences.Kind kind, bool async)
    {
        await using var fixture = new CacheFixture();
        var cache = fixture.Distributed;
        var payload = TestSequences.Make(size, kind, new Random(size));
        var expected = payload.ToArray();
        var writer = new ArrayBufferWriter<byte>();
        if (async)
        {
            await cache.SetAsync("k", payload, FiveMinutes, Ct);
            Assert.True(await cache.TryGetAsync("k", writer, Ct));
        }
        else
        {
            cache.Set("k", payload, FiveMinutes);
            Assert.True(cache.TryGet("k", writer));
        }

        Assert.Equal(expected, writer.WrittenSpan.ToArray());
        writer.ResetWrittenCount();
        fixture.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.False(async ? await cache.TryGetAsync("k", writer, Ct) : cache.TryGet("k", writer));
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public async Task Keys_AreCaseSensitiveKeepTheirSpacesAndMayBeLong()
    {
        // SqlServer caps keys at its 898-character column; that is its schema, not the contract.
        await using var fixture = new CacheFixture();
        var cache = fixture.Distributed;
        var longKey = new string('k', 10_000);
        await cache.SetAsync("myKey", [1], FiveMinutes, Ct);
        await cache.SetAsync("  spaced  ", [2], FiveMinutes, Ct);
        await cache.SetAsync(longKey, [3], FiveMinutes, Ct);

        Assert.Null(await cache.GetAsync("Mykey", Ct));
        Assert.Null(await cache.GetAsync("spaced", Ct));
        Assert.Equal([2], await cache.GetAsync("  spaced  ", Ct));
        Assert.Equal([3], await cache.GetAsync(longKey, Ct));
    }

    [Fact]
    public async Task Set_AlwaysOverwritesAndRemoveRemoves()
    {
        await using var fixture = new CacheFixture();
        var cache = fixture.Distributed;
        cache.Set("k", [1], FiveMinutes);
        cache.Set("k", [2], FiveMinutes);
        Assert.Equal([2], cache.Get("k"));
        await cache.RemoveAsync("k", Ct);
        Assert.Null(cache.Get("k"));
        await cache.RemoveAsync("never-there", Ct);
        Assert.Equal(0, fixture.Cache.Stats().Entries);
    }

    [Fact]
    public async Task Set_ValueOfSixteenMebibytes_ReadsBackWholeThroughBothPaths()
    {
        // SqlServer's tests pass its default column width; here values go to Cache:MaxItemBytes and TryGet copies in chunks.
        await using var fixture = new CacheFixture();
        var cache = fixture.Distributed;
        var big = CacheFixture.Value(16, 16 * 1024 * 1024);
        await cache.SetAsync("big", big, FiveMinutes, Ct);
        var writer = new ArrayBufferWriter<byte>();

        Assert.True(cache.TryGet("big", writer));
        Assert.True(big.AsSpan().SequenceEqual(writer.WrittenSpan));
        var read = await cache.GetAsync("big", Ct);
        Assert.True(big.AsSpan().SequenceEqual(read));
    }

    [Fact]
    public async Task Values_SurviveClosingAndReopeningTheFile()
    {
        await using var fixture = new CacheFixture();
        await fixture.Distributed.SetAsync("k", [7], FiveMinutes, Ct);
        await fixture.Cache.DisposeAsync();

        var reopened = new BlobDistributedCache(fixture.Open(), fixture.Time);
        Assert.Equal([7], await reopened.GetAsync("k", Ct));
    }
}
