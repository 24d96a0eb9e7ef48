using Microsoft.Data.Sqlite;

namespace Marketplace.Caching;

/// <summary>A read-only connection with its two prepared queries; rented from the cache's pool, never shared at once.</summary>
internal sealed class CacheReader : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _get;
    private readonly SqliteCommand _exists;

    public CacheReader(string connectionString, int busyTimeoutMs)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA busy_timeout = {busyTimeoutMs}";
            pragma.ExecuteNonQuery();
        }

        _get = Prepare("""
            SELECT e.last_accessed, e.absolute_expiry, e.sliding_ticks, v.value
            FROM cache_entries e JOIN cache_values v ON v.key = e.key
            WHERE e.key = $key
            """);
        _exists = Prepare("SELECT last_accessed, absolute_expiry, sliding_ticks, NULL FROM cache_entries WHERE key = $key");
    }

    /// <summary>The entry's value (or, for <paramref name="withValue"/> false, an empty array) and its expiry data; null when absent.</summary>
    public (byte[] Value, long LastAccessed, long? AbsoluteExpiry, long? SlidingTicks)? Read(string key, bool withValue)
    {
        var command = withValue ? _get : _exists;
        command.Parameters[0].Value = key;
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return (withValue ? (byte[])reader.GetValue(3) : [], reader.GetInt64(0),
            reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2));
    }

    public CacheStats Stats(long hits, long misses, long evictions, int pendingHits)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM cache_entries), (SELECT total_size FROM cache_meta WHERE id = 1), (SELECT COUNT(*) FROM cache_entries WHERE pinned = 1)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return new CacheStats(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), hits, misses, evictions, pendingHits);
    }

    private SqliteCommand Prepare(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new SqliteParameter { ParameterName = "$key" });
        command.Prepare();
        return command;
    }

    public void Dispose()
    {
        _get.Dispose();
        _exists.Dispose();
        _connection.Dispose();
    }
}
