using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Caching;

/// <summary>
/// The blob cache's figures for the readiness report. A cache that cannot be read, or whose last write failed for
/// storage reasons (full disk, read-only file, I/O error), makes the service degraded, not unready: everything that
/// uses it falls back to the source of the data.
/// </summary>
internal sealed class CacheHealthCheck(BlobCache cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var stats = cache.Stats();
            var data = new Dictionary<string, object>
            {
                ["path"] = cache.FilePath,
                ["entries"] = stats.Entries,
                ["dataBytes"] = stats.TotalBytes,
                ["pinnedEntries"] = stats.PinnedEntries,
                ["fileBytes"] = stats.FileBytes,
                ["walBytes"] = stats.WalBytes,
                ["hits"] = stats.Hits,
                ["misses"] = stats.Misses,
                ["evictions"] = stats.Evictions,
                ["pendingHits"] = stats.PendingHits,
                ["commits"] = stats.Commits,
                ["meanWritesPerCommit"] = Math.Round(stats.MeanWritesPerCommit, 2),
            };
            return Task.FromResult(cache.LastStorageFailure is { } failure
                ? HealthCheckResult.Degraded("The blob cache cannot write: " + failure.Message, failure, data)
                : HealthCheckResult.Healthy("The blob cache answers.", data));
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(HealthCheckResult.Degraded("The blob cache cannot be read: " + e.Message, e));
        }
    }
}
