using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.Caching.Tests;

public sealed class CacheOptionsTests
{
    [Theory]
    [InlineData("Cache:MaxFileBytes", "1048576", "Cache:MaxWalBytes")] // the cap must leave room beside the WAL it includes
    [InlineData("Cache:MinFreeDiskBytes", "-1", "Cache:MinFreeDiskBytes")]
    [InlineData("Cache:MaxWalBytes", "1000", "Cache:MaxWalBytes")]
    public async Task Start_InvalidCacheSetting_FailsNamingTheKey(string key, string value, string named)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Cache:Path"] = Path.Combine(Path.GetTempPath(), $"never-created-{Guid.NewGuid():N}", "cache.db");
        builder.Configuration[key] = value;
        builder.Services.AddMarketplaceBlobCache();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
