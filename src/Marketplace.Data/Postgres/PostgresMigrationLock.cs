using Npgsql;

namespace Marketplace.Data.Postgres;

/// <summary>
/// A session-level advisory lock held for a whole migration run. EF Core's own PostgreSQL migration lock
/// (<c>LOCK TABLE "__EFMigrationsHistory"</c>) ends with each migration's transaction, so processes starting together
/// on an older database could each decide to apply the same later migration (seen: a duplicate key on
/// <c>PK___EFMigrationsHistory</c> with two migrations pending). Taken on a connection of its own, outside the pool, so
/// the lock is never handed to another user and ends with the connection if the process dies.
/// </summary>
internal sealed class PostgresMigrationLock : IAsyncDisposable
{
    /// <summary>Any fixed number works: every Marketplace process on one database takes the same one.</summary>
    private const long Key = 0x4D_6172_6B65_74;

    private readonly NpgsqlConnection _connection;

    private PostgresMigrationLock(NpgsqlConnection connection) => _connection = connection;

    public static async Task<PostgresMigrationLock> AcquireAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", Key);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new PostgresMigrationLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync(); // closing the session releases the lock
}
