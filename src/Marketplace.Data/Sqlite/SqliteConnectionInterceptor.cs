using System.Data.Common;
using System.Globalization;
using Marketplace.Data.Options;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Marketplace.Data.Sqlite;

/// <summary>
/// Applies the connection PRAGMAs on every open. Microsoft.Data.Sqlite sets no native busy timeout and
/// its pool does not reset PRAGMAs, so a connection handed out again must be configured again.
/// Stateless and thread-safe: one singleton serves every pooled context.
/// </summary>
internal sealed class SqliteConnectionInterceptor(IOptions<DatabaseOptions> options) : DbConnectionInterceptor
{
    // busy_timeout first, so that switching journal_mode on a file another connection holds waits instead of failing.
    // One command per PRAGMA: Microsoft.Data.Sqlite (10.0.14) does not throw a SQLITE_BUSY raised by a later
    // statement of a multi-statement command, so a batch could fail to apply a setting without an error.
    private readonly string[] _pragmas =
    [
        string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {options.Value.BusyTimeoutMs}"),
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = NORMAL",
        string.Create(CultureInfo.InvariantCulture, $"PRAGMA wal_autocheckpoint = {options.Value.WalAutocheckpointPages}"),
        "PRAGMA foreign_keys = ON",
        "PRAGMA temp_store = MEMORY",
        string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = -{options.Value.CacheSizeKiB}"),
        string.Create(CultureInfo.InvariantCulture, $"PRAGMA mmap_size = {options.Value.MmapSizeBytes}"),
    ];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        foreach (var pragma in _pragmas)
        {
            command.CommandText = pragma;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        foreach (var pragma in _pragmas)
        {
            command.CommandText = pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
