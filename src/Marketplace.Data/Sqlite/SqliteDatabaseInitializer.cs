using Marketplace.Data.Options;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Data.Sqlite;

/// <summary>
/// Runs in <see cref="IHostedLifecycleService.StartingAsync"/>, i.e. before any hosted service starts:
/// checks the SQLite library version and the journal mode, then applies pending migrations.
/// </summary>
internal sealed class SqliteDatabaseInitializer(
    IDbContextFactory<MarketplaceDbContext> contextFactory,
    IOptions<DatabaseOptions> options,
    ILogger<SqliteDatabaseInitializer> logger) : IHostedLifecycleService
{
    /// <summary>3.51.3 carries the fix for WAL-reset corruption under concurrent checkpoints.</summary>
    public static readonly Version MinimumVersion = new(3, 51, 3);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var version = await SqlitePragmas.ReadAsync(db, "select sqlite_version()", cancellationToken);
        if (!Version.TryParse(version, out var parsed) || parsed < MinimumVersion)
        {
            throw new InvalidOperationException($"SQLite {version} is too old: Marketplace needs {MinimumVersion} or later (the WAL-reset fix).");
        }

        var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        var journalMode = await SqlitePragmas.ReadAsync(db, "journal_mode", cancellationToken);
        if (SqliteConnectionStrings.IsFile(builder) && !string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The database {builder.DataSource} reports journal_mode={journalMode}, not wal; Marketplace cannot run it safely with concurrent writers.");
        }

        Log.SqliteReady(logger, version, builder.DataSource, journalMode);
        if (options.Value.MigrateOnStartup)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
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
