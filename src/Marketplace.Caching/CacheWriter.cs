using System.Threading.Channels;
using Marketplace.Storage;
using Marketplace.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Marketplace.Caching;

/// <summary>
/// The one writer of this process: takes queued changes and commits as many as are waiting (up to
/// <c>Cache:MaxWritesPerCommit</c>) in one <c>BEGIN IMMEDIATE</c> transaction — group commit. A busy file (another
/// process writing) retries the whole group; any other failure fails every change of the group with that error.
/// </summary>
internal sealed class CacheWriter : IAsyncDisposable
{
    private const int BusyRetries = 5;
    private readonly Channel<CacheWrite> _queue = Channel.CreateUnbounded<CacheWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly CacheOptions _options;
    private readonly ILogger _logger;
    private readonly Action<int, long> _committed;
    private readonly Task _loop;

    // committed: told after each commit how many changes it carried and how many entries eviction removed.
    public CacheWriter(SqliteConnection connection, CacheOptions options, ILogger logger, Action<int, long> committed)
    {
        _connection = connection;
        _options = options;
        _logger = logger;
        _committed = committed;
        _loop = Task.Run(RunAsync);
    }

    public Task EnqueueAsync(CacheWrite write)
    {
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(BlobCache), "The cache is shut down.");
        }

        return write.Done.Task;
    }

    private async Task RunAsync()
    {
        var group = new List<CacheWrite>(_options.MaxWritesPerCommit);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < _options.MaxWritesPerCommit && _queue.Reader.TryRead(out var write))
            {
                group.Add(write);
            }

            await CommitAsync(group);
        }
    }

    private async Task CommitAsync(List<CacheWrite> group)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (evicted, stillOver) = Apply(group);
                _committed(group.Count, evicted);
                foreach (var write in group)
                {
                    if (write is CacheWrite.Maintain maintain)
                    {
                        Maintain(maintain);
                    }

                    write.Done.TrySetResult();
                }

                if (stillOver)
                {
                    _ = EnqueueAsync(new CacheWrite.Evict()); // the next capped round, after whatever is queued
                }

                return;
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6 && attempt < BusyRetries)
            {
                Log.CacheBusyRetry(_logger, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt + Random.Shared.Next(20)));
            }
            catch (Exception ex)
            {
                Exception error = SqliteErrors.IsStorageFailure(ex)
                    ? new StorageUnavailableException($"The blob cache cannot be written: {ex.Message}", ex)
                    : ex;
                foreach (var write in group)
                {
                    write.Done.TrySetException(error);
                }

                return;
            }
        }
    }

    /// <returns>How many entries eviction removed, and whether the total is still over the limit.</returns>
    private (long Evicted, bool StillOver) Apply(List<CacheWrite> group)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        using var sql = new CacheSql(_connection, transaction);
        var delta = 0L;
        foreach (var write in group)
        {
            delta += write switch
            {
                CacheWrite.Store s => sql.Store(s),
                CacheWrite.Remove r => -sql.Remove(r.Key),
                CacheWrite.Pin p => sql.Pin(p.Keys, p.Pinned),
                CacheWrite.UnpinAll => sql.UnpinAll(),
                CacheWrite.Touch t => sql.Touch(t.Hits),
                _ => 0,
            };
        }

        var total = sql.AddToTotal(delta);
        var evicted = 0L;
        if (total > _options.MaxSizeBytes)
        {
            (evicted, total) = sql.EvictOldest(_options.EvictionBatchSize, total, _options.MaxSizeBytes);
        }

        transaction.Commit();
        return (evicted, total > _options.MaxSizeBytes && evicted == _options.EvictionBatchSize);
    }

    /// <summary>
    /// Outside any transaction (a checkpoint cannot run in one): frees pages with incremental vacuum — never a full
    /// VACUUM, which would copy the file and hold the writer — then truncates the WAL if no reader needs it.
    /// </summary>
    private void Maintain(CacheWrite.Maintain maintain)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA freelist_count";
        var before = (long)command.ExecuteScalar()!;
        command.CommandText = $"PRAGMA incremental_vacuum({maintain.MaxPages})";
        command.ExecuteNonQuery();
        command.CommandText = "PRAGMA freelist_count";
        maintain.FreedPages = before - (long)command.ExecuteScalar()!;
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        await _connection.DisposeAsync();
    }
}
