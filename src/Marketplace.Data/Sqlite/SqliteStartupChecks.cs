using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Marketplace.Data.Sqlite;

/// <summary>Start-up checks of the SQLite file: a library with the WAL-reset fix, and a file that really is in WAL mode.</summary>
internal static class SqliteStartupChecks
{
    /// <summary>3.51.3 carries the fix for WAL-reset corruption under concurrent checkpoints.</summary>
    public static readonly Version MinimumVersion = new(3, 51, 3);

    public static async Task RunAsync(MarketplaceDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var version = await SqlitePragmas.ReadAsync(db, "select sqlite_version()", cancellationToken);
        if (!Version.TryParse(version, out var parsed) || parsed < MinimumVersion)
        {
            throw new InvalidOperationException(
                $"SQLite {version} is too old: Marketplace needs {MinimumVersion} or later (the WAL-reset fix).");
        }

        var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        var journalMode = await SqlitePragmas.ReadAsync(db, "journal_mode", cancellationToken);
        if (SqliteConnectionStrings.IsFile(builder) && !string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The database {builder.DataSource} reports journal_mode={journalMode}, not wal; "
                + "Marketplace cannot run it safely with concurrent writers.");
        }

        Log.SqliteReady(logger, version, builder.DataSource, journalMode);
    }
}
