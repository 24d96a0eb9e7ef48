using Marketplace.Data.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Data.Sqlite;

/// <summary>Readiness: the database answers through the pooled factory, with its settings and lock figures.</summary>
internal sealed class SqliteHealthCheck(IDbContextFactory<MarketplaceDbContext> contextFactory, DataMetrics metrics) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            await db.Database.OpenConnectionAsync(cancellationToken);
            var connection = db.Database.GetDbConnection();
            var journalMode = await SqlitePragmas.ReadAsync(connection, "journal_mode", cancellationToken);
            var busyTimeout = await SqlitePragmas.ReadAsync(connection, "busy_timeout", cancellationToken);
            var synchronous = await SqlitePragmas.ReadAsync(connection, "synchronous", cancellationToken);
            var pendingMigrations = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            var figures = metrics.Snapshot();
            var data = new Dictionary<string, object>
            {
                ["provider"] = "sqlite",
                ["journalMode"] = journalMode,
                ["busyTimeoutMs"] = int.Parse(busyTimeout, System.Globalization.CultureInfo.InvariantCulture),
                // PRAGMA synchronous reports 1 for NORMAL.
                ["synchronous"] = synchronous == "1" ? "normal" : synchronous,
                ["pendingMigrations"] = pendingMigrations,
                ["writeUnits"] = figures.CommittedUnits,
                ["busyRetries"] = figures.BusyRetries,
                ["busyFailures"] = figures.BusyFailures,
                ["maxWriteGateWaitMs"] = Math.Round(figures.MaxGateWaitMs, 3),
                ["maxLockHoldMs"] = Math.Round(figures.MaxLockHoldMs, 3),
                ["meanLockHoldMs"] = Math.Round(figures.MeanLockHoldMs, 3),
            };
            return pendingMigrations == 0
                ? HealthCheckResult.Healthy("The database answers.", data)
                : HealthCheckResult.Unhealthy($"{pendingMigrations} migration(s) are not applied.", data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer: " + ex.Message, ex);
        }
    }
}
