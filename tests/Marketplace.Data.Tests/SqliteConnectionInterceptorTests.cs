using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Data.Tests;

public sealed class SqliteConnectionInterceptorTests
{
    // Values other than the defaults, so a pass proves the options reach the connection.
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Database:BusyTimeoutMs"] = "7000",
        ["Database:WalAutocheckpointPages"] = "500",
        ["Database:CacheSizeKiB"] = "4096",
        ["Database:MmapSizeBytes"] = "1048576",
    };

    [Fact]
    public async Task Open_FirstAndPooledReopenSync_ReportsConfiguredPragmas()
    {
        await using var database = await TestDatabase.CreateAsync(Settings);
        await using var db = await database.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();

        db.Database.OpenConnection();
        AssertConfigured(ReadPragmas(connection));
        var handle = connection.Handle!.DangerousGetHandle();
        Sabotage(connection);
        db.Database.CloseConnection();

        db.Database.OpenConnection();
        Assert.Equal(handle, connection.Handle!.DangerousGetHandle()); // the same physical connection, back from the pool
        AssertConfigured(ReadPragmas(connection));
        db.Database.CloseConnection();
    }

    [Fact]
    public async Task Open_FirstAndPooledReopenAsync_ReportsConfiguredPragmas()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(Settings);
        await using var db = await database.Contexts.CreateDbContextAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();

        await db.Database.OpenConnectionAsync(ct);
        AssertConfigured(ReadPragmas(connection));
        var handle = connection.Handle!.DangerousGetHandle();
        Sabotage(connection);
        await db.Database.CloseConnectionAsync();

        await db.Database.OpenConnectionAsync(ct);
        Assert.Equal(handle, connection.Handle!.DangerousGetHandle());
        AssertConfigured(ReadPragmas(connection));
        await db.Database.CloseConnectionAsync();
    }

    [Fact]
    public async Task Open_ConnectionsOfOtherContexts_AreConfiguredToo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(Settings);
        // Several contexts open at once get distinct physical connections; each must be configured.
        var contexts = new List<MarketplaceDbContext>();
        for (var i = 0; i < 4; i++)
        {
            var db = await database.Contexts.CreateDbContextAsync(ct);
            await db.Database.OpenConnectionAsync(ct);
            contexts.Add(db);
        }

        Assert.Equal(4, contexts.Select(c => ((SqliteConnection)c.Database.GetDbConnection()).Handle!.DangerousGetHandle()).Distinct().Count());
        foreach (var db in contexts)
        {
            AssertConfigured(ReadPragmas((SqliteConnection)db.Database.GetDbConnection()));
            await db.DisposeAsync();
        }
    }

    /// <summary>Changes the per-connection settings, so a reopen that did not reapply them would be seen.</summary>
    private static void Sabotage(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 1; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 7; PRAGMA foreign_keys = OFF; PRAGMA temp_store = FILE;";
        command.ExecuteNonQuery();
    }

    private static Dictionary<string, string> ReadPragmas(SqliteConnection connection)
    {
        var values = new Dictionary<string, string>();
        foreach (var name in new[] { "busy_timeout", "journal_mode", "synchronous", "wal_autocheckpoint", "foreign_keys", "temp_store", "cache_size", "mmap_size" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA " + name;
            values[name] = Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", values.Select(v => $"{v.Key}={v.Value}")));
        return values;
    }

    private static void AssertConfigured(Dictionary<string, string> pragmas)
    {
        Assert.Equal("7000", pragmas["busy_timeout"]);
        Assert.Equal("wal", pragmas["journal_mode"]);
        Assert.Equal("1", pragmas["synchronous"]); // NORMAL
        Assert.Equal("500", pragmas["wal_autocheckpoint"]);
        Assert.Equal("1", pragmas["foreign_keys"]);
        Assert.Equal("2", pragmas["temp_store"]); // MEMORY
        Assert.Equal("-4096", pragmas["cache_size"]);
        Assert.Equal("1048576", pragmas["mmap_size"]);
    }
}
