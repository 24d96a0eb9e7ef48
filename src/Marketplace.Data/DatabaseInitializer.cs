using Marketplace.Data.Options;
using Marketplace.Data.Postgres;
using Marketplace.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Data;

/// <summary>
/// Runs in <see cref="IHostedLifecycleService.StartingAsync"/>, i.e. before any hosted service starts: the provider's
/// own checks (SQLite: library version and WAL), then pending migrations.
/// </summary>
internal sealed class DatabaseInitializer(
    IDbContextFactory<MarketplaceDbContext> contextFactory,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseInitializer> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (options.Value.IsSqlite)
        {
            await SqliteStartupChecks.RunAsync(db, logger, cancellationToken);
        }

        if (options.Value.MigrateOnStartup)
        {
            // Pending migrations are read under the lock, so a process that waited finds the others' work done.
            await using var migrationLock = options.Value.IsPostgres
                ? await PostgresMigrationLock.AcquireAsync(options.Value.ConnectionString, cancellationToken)
                : null;
            // On an empty database, asking for the applied migrations fails inside EF and is logged as an error;
            // without a history table every migration is pending.
            var pending = await db.GetService<IHistoryRepository>().ExistsAsync(cancellationToken)
                ? (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList()
                : [.. db.Database.GetMigrations()];
            if (pending.Count > 0)
            {
                Log.ApplyingMigrations(logger, pending.Count, string.Join(", ", pending));
                await db.Database.MigrateAsync(cancellationToken);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
