using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Marketplace.Caching;

/// <summary>
/// Copies the WAL into the file on its own connection and thread (<c>PRAGMA wal_checkpoint(PASSIVE)</c>, which
/// never blocks the writer or the readers), woken by the writer every eighth of <c>Cache:MaxWalBytes</c> it commits.
/// The writer then only finishes the last frames itself so the WAL can restart (<see cref="CacheWriter"/>).
/// </summary>
internal sealed class CacheCheckpointer : IDisposable
{
    private readonly string _file;
    private readonly int _busyTimeoutMs;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Thread _thread;
    private volatile bool _stopping;

    public CacheCheckpointer(string file, int busyTimeoutMs, ILogger logger)
    {
        (_file, _busyTimeoutMs, _logger) = (file, busyTimeoutMs, logger);
        _thread = new Thread(Run) { IsBackground = true, Name = "blob-cache-checkpointer" };
        _thread.Start();
    }

    /// <summary>Held for each checkpoint; the writer takes it for its own, which would otherwise only find the file busy.</summary>
    public object Gate { get; } = new();

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    private void Run()
    {
        SqliteConnection? connection = null;
        while (true)
        {
            _wake.Wait();
            if (_stopping)
            {
                break;
            }

            try
            {
                lock (Gate)
                {
                    connection ??= Open();
                    Checkpoint(connection, "PASSIVE");
                }
            }
            catch (SqliteException e)
            {
                // The writer's own checkpoint and Cache:MaxWalBytes still bound the WAL; try again on the next wake.
                Log.CacheCheckpointFailed(_logger, e);
                connection?.Dispose();
                connection = null;
            }
        }

        connection?.Dispose();
    }

    /// <returns>Whether it copied the whole WAL (not stopped by a busy lock or a reader).</returns>
    public static bool Checkpoint(SqliteConnection connection, string mode)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        using var reader = command.ExecuteReader();
        reader.Read();
        return reader.GetInt64(0) == 0 && reader.GetInt64(1) == reader.GetInt64(2);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMs}";
        command.ExecuteNonQuery();
        return connection;
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Release();
        _thread.Join();
        _wake.Dispose();
    }
}
