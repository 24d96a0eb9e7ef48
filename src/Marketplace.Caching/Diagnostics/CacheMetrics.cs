using System.Diagnostics.Metrics;

namespace Marketplace.Caching;

/// <summary>The <c>Marketplace.Caching</c> meter; the blob cache adds its instruments to it.</summary>
public sealed class CacheMetrics(IMeterFactory meterFactory)
{
    public const string MeterName = "Marketplace.Caching";

    public Meter Meter { get; } = meterFactory.Create(MeterName);
}
