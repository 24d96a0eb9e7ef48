using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marketplace.Data.Caching;

/// <summary>Registers the blob cache as <see cref="BlobCache"/> and <see cref="IDistributedCache"/>.</summary>
public static class BlobCacheServiceCollectionExtensions
{
    public static IServiceCollection AddMarketplaceBlobCache(this IServiceCollection services)
    {
        services.AddMarketplaceData(); // options, content root, metrics
        services.TryAddSingleton<BlobCache>();
        services.TryAddSingleton<IDistributedCache>(provider => provider.GetRequiredService<BlobCache>());
        if (!services.Any(d => d.ServiceType == typeof(CacheHealthCheck)))
        {
            services.AddSingleton<CacheHealthCheck>();
            services.AddHealthChecks().AddCheck<CacheHealthCheck>("cache", tags: ["ready"]);
        }

        return services;
    }
}
