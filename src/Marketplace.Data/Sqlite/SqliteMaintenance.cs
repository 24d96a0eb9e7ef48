using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Data.Sqlite;

/// <summary>
/// SQLite upkeep for the maintenance loop: a WAL checkpoint once the WAL file passes a size (auto-checkpoints run on
/// whichever writer commits and never truncate, so a busy file's WAL only grows), and <c>PRAGMA optimize</c>.
/// </summary>
public sealed class SqliteMaintenance(IDbContextFactory<MarketplaceDbContext> contexts)
{
    public async Task<WalCheckpointResult> CheckpointIfLargerThanAsync(long walBytes, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!db.Database.IsSqlite())
        {
            return new WalCheckpointResult(0, 0, Ran: false, Complete: true); // the server manages its own WAL
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        if (!SqliteConnectionStrings.IsFile(new SqliteConnectionStringBuilder(connection.ConnectionString)))
        {
            return new WalCheckpointResult(0, 0, Ran: false, Complete: true);
        }

        var wal = new FileInfo(connection.DataSource + "-wal");
        var before = wal.Exists ? wal.Length : 0;
        if (before <= walBytes)
        {
            return new WalCheckpointResult(before, before, Ran: false, Complete: true);
        }

        // TRUNCATE waits (busy timeout) for the writer, copies every frame no reader still needs, and resets the file.
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var busy = reader.GetInt32(0);
        wal.Refresh();
        return new WalCheckpointResult(before, wal.Exists ? wal.Length : 0, Ran: true, Complete: busy == 0);
    }

    public async Task OptimizeAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // PostgreSQL's autovacuum keeps its statistics; PRAGMA optimize is SQLite's equivalent, run by hand.
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA optimize", cancellationToken);
        }
    }
}
