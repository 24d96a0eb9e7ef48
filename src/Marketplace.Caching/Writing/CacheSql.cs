using Microsoft.Data.Sqlite;

namespace Marketplace.Caching;

/// <summary>
/// The writer's statements, prepared once per connection and bound to each group's transaction by <see cref="Use"/>.
/// Each change returns what it did to the running totals, which the group writes once (<see cref="AddToTotals"/>).
/// </summary>
internal sealed class CacheSql(SqliteConnection connection) : IDisposable
{
    private readonly List<SqliteCommand> _all = [];
    private SqliteCommand? _find;
    private SqliteCommand? _upsert;
    private SqliteCommand? _delete;
    private SqliteCommand? _deleteById;
    private SqliteCommand? _pin;
    private SqliteCommand? _touch;
    private SqliteCommand? _totals;
    private SqliteCommand? _victims;
    private SqliteTransaction? _transaction;

    public void Use(SqliteTransaction transaction)
    {
        _transaction = transaction;
        foreach (var command in _all)
        {
            command.Transaction = transaction;
        }
    }

    public CacheChange Store(CacheWrite.Store store)
    {
        var (oldSize, oldPinned, existed) = Find(store.Key);
        _upsert ??= Command("""
            INSERT INTO cache_entries (key, size, last_accessed, absolute_expiry, sliding_ticks, pinned, value)
            VALUES ($key, $size, $now, $absolute, $sliding, $pinned, $value)
            ON CONFLICT (key) DO UPDATE SET size = excluded.size, last_accessed = excluded.last_accessed,
                absolute_expiry = excluded.absolute_expiry, sliding_ticks = excluded.sliding_ticks,
                pinned = excluded.pinned, value = excluded.value
            """, "$key", "$size", "$now", "$absolute", "$sliding", "$pinned", "$value");
        var pinned = (store.Pinned ?? oldPinned) ? 1 : 0;
        Run(_upsert, store.Key, store.Value.LongLength, store.Now, store.AbsoluteExpiry, store.SlidingTicks, pinned, store.Value);
        return new CacheChange(store.Value.LongLength - oldSize, existed ? 0 : 1);
    }

    public CacheChange Remove(string key)
    {
        var (size, _, existed) = Find(key);
        if (!existed)
        {
            return default;
        }

        _delete ??= Command("DELETE FROM cache_entries WHERE key = $key", "$key");
        Run(_delete, key);
        return new CacheChange(-size, -1);
    }

    public CacheChange Pin(IReadOnlyList<string> keys, bool pinned)
    {
        _pin ??= Command("UPDATE cache_entries SET pinned = $pinned WHERE key = $key", "$pinned", "$key");
        foreach (var key in keys)
        {
            Run(_pin, pinned ? 1 : 0, key);
        }

        return default;
    }

    public CacheChange UnpinAll()
    {
        using var command = Command("UPDATE cache_entries SET pinned = 0 WHERE pinned = 1", track: false);
        command.ExecuteNonQuery();
        return default;
    }

    public CacheChange Touch(IReadOnlyList<KeyValuePair<string, long>> hits)
    {
        _touch ??= Command("UPDATE cache_entries SET last_accessed = max(last_accessed, $at) WHERE key = $key", "$at", "$key");
        foreach (var (key, at) in hits)
        {
            Run(_touch, at, key);
        }

        return default;
    }

    /// <returns>The total bytes after adding the group's change.</returns>
    public long AddToTotals(CacheChange change)
    {
        _totals ??= Command("""
            UPDATE cache_meta SET total_size = total_size + $bytes, entry_count = entry_count + $entries
            WHERE id = 1 RETURNING total_size
            """, "$bytes", "$entries");
        _totals.Parameters[0].Value = change.Bytes;
        _totals.Parameters[1].Value = change.Entries;
        return (long)_totals.ExecuteScalar()!;
    }

    /// <summary>
    /// Deletes the least recently used unpinned entries, found through the covering LRU index, until the total fits
    /// under <paramref name="maxBytes"/> or <paramref name="limit"/> entries are gone (one capped round).
    /// </summary>
    public (long Evicted, long Total) EvictOldest(int limit, long total, long maxBytes)
    {
        var victims = new List<long>();
        var freed = 0L;
        _victims ??= Command("SELECT id, size FROM cache_entries WHERE pinned = 0 ORDER BY last_accessed LIMIT $limit", "$limit");
        _victims.Parameters[0].Value = limit;
        using (var reader = _victims.ExecuteReader())
        {
            while (total - freed > maxBytes && reader.Read())
            {
                victims.Add(reader.GetInt64(0));
                freed += reader.GetInt64(1);
            }
        }

        _deleteById ??= Command("DELETE FROM cache_entries WHERE id = $id", "$id");
        foreach (var id in victims)
        {
            Run(_deleteById, id);
        }

        return (victims.Count, victims.Count == 0 ? total : AddToTotals(new CacheChange(-freed, -victims.Count)));
    }

    private (long Size, bool Pinned, bool Existed) Find(string key)
    {
        _find ??= Command("SELECT size, pinned FROM cache_entries WHERE key = $key", "$key");
        _find.Parameters[0].Value = key;
        using var reader = _find.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1) != 0, true) : (0, false, false);
    }

    private SqliteCommand Command(string sql, params string[] parameters) => Command(sql, track: true, parameters);

    private SqliteCommand Command(string sql, bool track, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        if (track)
        {
            command.Prepare();
            _all.Add(command);
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
        foreach (var command in _all)
        {
            command.Dispose();
        }
    }
}
