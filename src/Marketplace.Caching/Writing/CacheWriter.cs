using Marketplace.Storage;
using Marketplace.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Marketplace.Caching;

/// <summary>
/// The one writer of this process, on its own thread: takes every queued change (up to <c>Cache:MaxWritesPerCommit</c>)
/// and commits them in one <c>BEGIN IMMEDIATE</c> transaction — group commit. A busy file (another process writing)
/// retries the whole group with <see cref="Backoff"/>. A change that fails on its own fails alone: its caller gets
/// the error and the rest of the group is committed without it, so no caller ever fails for another's input.
/// </summary>
internal sealed partial class CacheWriter : IAsyncDisposable
{
    private const int BusyAttempts = 6;
    private static readonly Backoff BusyBackoff = new(TimeSpan.FromMilliseconds(20), 2, TimeSpan.FromSeconds(1), Jitter: true);
    private readonly WriteQueue _queue = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SqliteConnection _connection;
    private readonly CacheSql _sql;
    private readonly CacheOptions _options;
    private readonly CacheCounters _counters;
    private readonly ILogger _logger;
    private readonly CacheCheckpointer _checkpointer;
    private readonly string _wal;

    public CacheWriter(SqliteConnection connection, CacheOptions options, CacheCounters counters, ILogger logger)
    {
        (_connection, _options, _counters, _logger) = (connection, options, counters, logger);
        _sql = new CacheSql(connection);
        _wal = connection.DataSource + "-wal";
        _checkpointer = new CacheCheckpointer(connection.DataSource, options.BusyTimeoutMs, logger);
        new Thread(Run) { IsBackground = true, Name = "blob-cache-writer" }.Start();
    }

    public Task EnqueueAsync(CacheWrite write, CancellationToken cancellationToken = default)
    {
        write.CancelWith(cancellationToken);
        if (!_queue.TryAdd(write))
        {
            throw new ObjectDisposedException(nameof(BlobCache), "The cache is shut down.");
        }

        return write.Done.Task;
    }

    private void Run()
    {
        var group = new List<CacheWrite>(_options.MaxWritesPerCommit);
        var released = 0;
        while (_queue.TakeGroup(group, _options.MaxWritesPerCommit, released / 2))
        {
            group.RemoveAll(write => !write.TryTake());
            released = group.Count;
            if (group.Count > 0)
            {
                Commit(group);
                KeepWalBounded(); // after the group's callers are released: they queue their next changes meanwhile
            }

            group.Clear();
        }

        _stopped.TrySetResult();
    }

    private void Commit(List<CacheWrite> group)
    {
        for (var attempt = 1; group.Count > 0; attempt++)
        {
            var failedAt = -1;
            try
            {
                var (evicted, stillOver) = Apply(group, ref failedAt);
                Committed(group, evicted, stillOver);
                return;
            }
            catch (Exception e) when (SqliteErrors.IsBusy(e) && attempt < BusyAttempts)
            {
                Log.CacheBusyRetry(_logger, attempt, e.Message);
                Thread.Sleep(BusyBackoff.DelayAfter(attempt));
            }
            catch (Exception e) when (!SqliteErrors.IsBusy(e) && failedAt >= 0 && group.Count > 1)
            {
                // That change alone failed: its caller gets the error, the others go again without it.
                group[failedAt].Fail(Translate(e));
                group.RemoveAt(failedAt);
                attempt = 0;
            }
            catch (Exception e) when (!SqliteErrors.IsBusy(e) && group.Count > 1)
            {
                // Failed at the totals, the eviction or the commit: no change to blame, so halve until one is found.
                var half = group.Count / 2;
                Commit(group.GetRange(0, half));
                Commit(group.GetRange(half, group.Count - half));
                return;
            }
            catch (Exception e)
            {
                var error = Translate(e);
                group.ForEach(write => write.Fail(error));
                return;
            }
        }
    }

    /// <returns>How many entries eviction removed, and whether the total is still over the limit.</returns>
    private (long Evicted, bool StillOver) Apply(List<CacheWrite> group, ref int failedAt)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        _sql.Use(transaction);
        var change = default(CacheChange);
        for (var i = 0; i < group.Count; i++)
        {
            failedAt = i;
            change += group[i] switch
            {
                CacheWrite.Store s => _sql.Store(s),
                CacheWrite.Remove r => _sql.Remove(r.Key),
                CacheWrite.Pin p => _sql.Pin(p.Keys, p.Pinned),
                CacheWrite.UnpinAll => _sql.UnpinAll(),
                CacheWrite.Touch t => _sql.Touch(t.Hits),
                _ => default,
            };
        }

        failedAt = -1;
        var total = _sql.AddToTotals(change);
        var evicted = 0L;
        if (total > _options.MaxSizeBytes)
        {
            (evicted, total) = _sql.EvictOldest(_options.EvictionBatchSize, total, _options.MaxSizeBytes);
        }

        transaction.Commit();
        return (evicted, total > _options.MaxSizeBytes && evicted == _options.EvictionBatchSize);
    }

    private void Committed(List<CacheWrite> group, long evicted, bool stillOver)
    {
        _counters.Committed(group.Count, evicted);
        var bytes = 0L;
        foreach (var write in group)
        {
            bytes += write is CacheWrite.Store store ? store.Value.LongLength + 256 : 64;
            if (write is CacheWrite.Maintain maintain)
            {
                RunMaintain(maintain);
            }
            else
            {
                write.Succeed();
            }
        }

        if (stillOver)
        {
            _queue.TryAdd(new CacheWrite.Evict()); // the next capped round, after whatever is queued
        }

        Written(bytes);
    }

    private Exception Translate(Exception e)
    {
        if (!SqliteErrors.IsStorageFailure(e))
        {
            return e;
        }

        var error = new StorageUnavailableException($"The blob cache cannot be written: {e.Message}", e);
        _counters.StorageFailed(error);
        return error;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Complete();
        await _stopped.Task;
        _checkpointer.Dispose();
        _sql.Dispose();
        try
        {
            // Another process may still be reading; then its last connection does this when it closes.
            CacheCheckpointer.Checkpoint(_connection, "TRUNCATE");
        }
        catch (SqliteException e)
        {
            Log.CacheCheckpointFailed(_logger, e);
        }

        await _connection.DisposeAsync();
    }
}
