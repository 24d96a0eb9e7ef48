using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marketplace.Caching;

/// <summary>The blob cache's DI entry point.</summary>
public static class BlobCacheServiceCollectionExtensions
{
    /// <summary>
    /// Registers the validated <see cref="CacheOptions"/> (section <c>Cache</c>), the blob cache as <see cref="BlobCache"/>
    /// and <see cref="IDistributedCache"/>, its meter and its readiness check.
    /// </summary>
    public static IServiceCollection AddMarketplaceBlobCache(this IServiceCollection services)
    {
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CacheMetrics>();
        services.AddSingleton<BlobCache>();
        services.AddSingleton<IDistributedCache>(provider => provider.GetRequiredService<BlobCache>());
        services.AddSingleton<CacheHealthCheck>();
        services.AddHealthChecks().AddCheck<CacheHealthCheck>("cache", tags: ["ready"]);
        return services;
    }
}
