using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marketplace.Caching;

/// <summary>The blob cache's DI entry point.</summary>
public static class BlobCacheServiceCollectionExtensions
{
    /// <summary>
    /// Registers the validated <see cref="CacheOptions"/> (section <c>Cache</c>), the blob cache as <see cref="BlobCache"/>,
    /// as <see cref="IDistributedCache"/> and <see cref="IBufferDistributedCache"/> (<see cref="BlobDistributedCache"/>;
    /// <c>AddHybridCache()</c> then uses it as its L2), its meter, the volume probe and its readiness check.
    /// </summary>
    public static IServiceCollection AddMarketplaceBlobCache(this IServiceCollection services)
    {
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CacheOptions>, CacheOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Storage.IVolumeSpace, Storage.VolumeSpace>();
        services.AddSingleton<CacheMetrics>();
        services.AddSingleton<BlobCache>();
        services.AddSingleton<BlobDistributedCache>();
        services.AddSingleton<IDistributedCache>(provider => provider.GetRequiredService<BlobDistributedCache>());
        services.AddSingleton<IBufferDistributedCache>(provider => provider.GetRequiredService<BlobDistributedCache>());
        services.AddSingleton<CacheHealthCheck>();
        services.AddHealthChecks().AddCheck<CacheHealthCheck>("cache", tags: ["ready"]);
        return services;
    }
}
