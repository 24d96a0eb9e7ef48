using Microsoft.Data.Sqlite;

namespace Marketplace.Caching;

/// <summary>The writer's statements for one transaction; each is prepared once and reused across the group.</summary>
internal sealed class CacheSql(SqliteConnection connection, SqliteTransaction transaction) : IDisposable
{
    private SqliteCommand? _find;
    private SqliteCommand? _upsertEntry;
    private SqliteCommand? _upsertValue;
    private SqliteCommand? _deleteEntry;
    private SqliteCommand? _deleteValue;
    private SqliteCommand? _pin;
    private SqliteCommand? _touch;

    /// <returns>The change in stored bytes.</returns>
    public long Store(CacheWrite.Store store)
    {
        var (oldSize, oldPinned) = Find(store.Key);
        _upsertEntry ??= Command("""
            INSERT INTO cache_entries (key, size, last_accessed, absolute_expiry, sliding_ticks, pinned)
            VALUES ($key, $size, $now, $absolute, $sliding, $pinned)
            ON CONFLICT (key) DO UPDATE SET size = excluded.size, last_accessed = excluded.last_accessed,
                absolute_expiry = excluded.absolute_expiry, sliding_ticks = excluded.sliding_ticks, pinned = excluded.pinned
            """, "$key", "$size", "$now", "$absolute", "$sliding", "$pinned");
        Run(_upsertEntry, store.Key, store.Value.LongLength, store.Now, store.AbsoluteExpiry, store.SlidingTicks, (store.Pinned ?? oldPinned) ? 1 : 0);
        _upsertValue ??= Command("INSERT INTO cache_values (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", "$key", "$value");
        Run(_upsertValue, store.Key, store.Value);
        return store.Value.LongLength - oldSize;
    }

    /// <returns>The bytes removed (0 when the key was absent).</returns>
    public long Remove(string key)
    {
        var (size, _) = Find(key);
        _deleteEntry ??= Command("DELETE FROM cache_entries WHERE key = $key", "$key");
        _deleteValue ??= Command("DELETE FROM cache_values WHERE key = $key", "$key");
        Run(_deleteEntry, key);
        Run(_deleteValue, key);
        return size;
    }

    public long Pin(IReadOnlyList<string> keys, bool pinned)
    {
        _pin ??= Command("UPDATE cache_entries SET pinned = $pinned WHERE key = $key", "$pinned", "$key");
        foreach (var key in keys)
        {
            Run(_pin, pinned ? 1 : 0, key);
        }

        return 0;
    }

    public long UnpinAll()
    {
        using var command = Command("UPDATE cache_entries SET pinned = 0 WHERE pinned = 1");
        command.ExecuteNonQuery();
        return 0;
    }

    public long Touch(IReadOnlyDictionary<string, long> hits)
    {
        _touch ??= Command("UPDATE cache_entries SET last_accessed = max(last_accessed, $at) WHERE key = $key", "$at", "$key");
        foreach (var (key, at) in hits)
        {
            Run(_touch, at, key);
        }

        return 0;
    }

    /// <returns>The total after adding <paramref name="delta"/>.</returns>
    public long AddToTotal(long delta)
    {
        using var command = Command("UPDATE cache_meta SET total_size = total_size + $delta WHERE id = 1 RETURNING total_size", "$delta");
        command.Parameters[0].Value = delta;
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Deletes the least recently used unpinned entries, via the LRU index, until the total fits under
    /// <paramref name="maxBytes"/> or <paramref name="limit"/> entries are gone (one capped round).
    /// </summary>
    public (long Evicted, long Total) EvictOldest(int limit, long total, long maxBytes)
    {
        var victims = new List<string>();
        var freed = 0L;
        using (var select = Command("SELECT key, size FROM cache_entries WHERE pinned = 0 ORDER BY last_accessed LIMIT $limit", "$limit"))
        {
            select.Parameters[0].Value = limit;
            using var reader = select.ExecuteReader();
            while (total - freed > maxBytes && reader.Read())
            {
                victims.Add(reader.GetString(0));
                freed += reader.GetInt64(1);
            }
        }

        foreach (var key in victims)
        {
            Remove(key);
        }

        return (victims.Count, freed == 0 ? total : AddToTotal(-freed));
    }

    private (long Size, bool Pinned) Find(string key)
    {
        _find ??= Command("SELECT size, pinned FROM cache_entries WHERE key = $key", "$key");
        _find.Parameters[0].Value = key;
        using var reader = _find.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1) != 0) : (0, false);
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in new[] { _find, _upsertEntry, _upsertValue, _deleteEntry, _deleteValue, _pin, _touch })
        {
            command?.Dispose();
        }
    }
}
