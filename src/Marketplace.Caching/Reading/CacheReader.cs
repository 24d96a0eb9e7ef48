using System.Buffers;
using Microsoft.Data.Sqlite;

namespace Marketplace.Caching;

/// <summary>A read-only connection with its prepared queries; rented from <see cref="ReaderPool"/>, never shared at once.</summary>
internal sealed class CacheReader : IDisposable
{
    private const int ChunkBytes = 1 << 20;
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _get;
    private readonly SqliteCommand _head;

    public CacheReader(string file, int busyTimeoutMs)
    {
        _connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA busy_timeout = {busyTimeoutMs}";
            pragma.ExecuteNonQuery();
        }

        _get = Prepare("SELECT id, size, last_accessed, absolute_expiry, sliding_ticks, value FROM cache_entries WHERE key = $key");
        _head = Prepare("SELECT id, size, last_accessed, absolute_expiry, sliding_ticks FROM cache_entries WHERE key = $key");
    }

    /// <summary>The entry's head and value; null when absent.</summary>
    public (CacheEntryHead Head, byte[] Value)? Read(string key)
    {
        _get.Parameters[0].Value = key;
        using var reader = _get.ExecuteReader();
        return reader.Read() ? (Head(reader), (byte[])reader.GetValue(5)) : null;
    }

    /// <summary>The entry's head only (no value read); null when absent.</summary>
    public CacheEntryHead? ReadHead(string key)
    {
        _head.Parameters[0].Value = key;
        using var reader = _head.ExecuteReader();
        return reader.Read() ? Head(reader) : null;
    }

    /// <summary>
    /// Copies a live entry's value straight from the file into <paramref name="destination"/> (incremental blob I/O,
    /// no intermediate array), the head and the value read in one snapshot.
    /// </summary>
    /// <returns>The head (null when absent), and whether <paramref name="live"/> let the value be copied.</returns>
    public (CacheEntryHead? Head, bool Copied) CopyTo(string key, Func<CacheEntryHead, bool> live, IBufferWriter<byte> destination)
    {
        using var transaction = _connection.BeginTransaction(deferred: true);
        _head.Transaction = transaction;
        try
        {
            var found = ReadHead(key);
            if (found is not { } head || !live(head))
            {
                return (found, false);
            }

            using var blob = new SqliteBlob(_connection, "cache_entries", "value", head.Id, readOnly: true);
            for (var offset = 0L; offset < head.Size;)
            {
                var span = destination.GetSpan((int)Math.Min(ChunkBytes, head.Size - offset));
                var read = blob.Read(span[..(int)Math.Min(span.Length, head.Size - offset)]);
                destination.Advance(read);
                offset += read;
            }

            return (head, true);
        }
        finally
        {
            _head.Transaction = null;
        }
    }

    public (long Entries, long TotalBytes, long Pinned) Totals()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT entry_count, total_size, (SELECT COUNT(*) FROM cache_entries WHERE pinned = 1) FROM cache_meta WHERE id = 1
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static CacheEntryHead Head(SqliteDataReader reader) => new(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2),
        reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetInt64(4));

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
        _head.Dispose();
        _connection.Dispose();
    }
}
