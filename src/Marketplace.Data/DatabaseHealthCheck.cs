using System.Globalization;
using Marketplace.Data.Diagnostics;
using Marketplace.Data.Options;
using Marketplace.Data.Sqlite;
using Marketplace.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Marketplace.Data;

/// <summary>
/// Readiness: the database answers through the pooled factory, with its settings (SQLite) and the write figures.
/// A SQLite file whose volume has less free space than <c>Database:MinFreeDiskBytes</c> makes it Degraded — still
/// serving, but the next writes may fail — so an operator hears of a full disk before the requests do.
/// </summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<MarketplaceDbContext> contextFactory, DataMetrics metrics,
    IVolumeSpace volumes, IOptions<DatabaseOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            await db.Database.OpenConnectionAsync(cancellationToken);
            var data = new Dictionary<string, object> { ["provider"] = db.Database.IsSqlite() ? "sqlite" : "postgres" };
            long? freeBytes = null;
            if (db.Database.IsSqlite())
            {
                var connection = db.Database.GetDbConnection();
                data["journalMode"] = await SqlitePragmas.ReadAsync(connection, "journal_mode", cancellationToken);
                var busyTimeout = await SqlitePragmas.ReadAsync(connection, "busy_timeout", cancellationToken);
                data["busyTimeoutMs"] = int.Parse(busyTimeout, CultureInfo.InvariantCulture);
                var synchronous = await SqlitePragmas.ReadAsync(connection, "synchronous", cancellationToken);
                data["synchronous"] = synchronous == "1" ? "normal" : synchronous; // PRAGMA synchronous reports 1 for NORMAL
                if (connection is SqliteConnection { DataSource: { Length: > 0 } file })
                {
                    data["freeDiskBytes"] = freeBytes = volumes.FreeBytes(file);
                }
                data["writeQueue"] = options.Value.WriteQueueEnabled ? "on" : "off";
            }

            var pendingMigrations = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            var figures = metrics.Snapshot();
            data["pendingMigrations"] = pendingMigrations;
            data["writeUnits"] = figures.CommittedUnits;
            data["busyRetries"] = figures.BusyRetries;
            data["busyFailures"] = figures.BusyFailures;
            data["maxWriteGateWaitMs"] = Math.Round(figures.MaxGateWaitMs, 3);
            data["maxWriteQueueWaitMs"] = Math.Round(figures.MaxQueueWaitMs, 3);
            data["writeQueueBypasses"] = figures.QueueBypasses;
            data["maxLockHoldMs"] = Math.Round(figures.MaxLockHoldMs, 3);
            data["meanLockHoldMs"] = Math.Round(figures.MeanLockHoldMs, 3);
            var floor = options.Value.MinFreeDiskBytes;
            return pendingMigrations != 0 ? HealthCheckResult.Unhealthy($"{pendingMigrations} migration(s) are not applied.", data: data)
                : freeBytes < floor ? HealthCheckResult.Degraded(
                    $"The database's volume has {freeBytes} bytes free, below Database:MinFreeDiskBytes ({floor}).", data: data)
                : HealthCheckResult.Healthy("The database answers.", data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer: " + ex.Message, ex);
        }
    }
}
