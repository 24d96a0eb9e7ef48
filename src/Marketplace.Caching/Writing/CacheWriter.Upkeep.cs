using Microsoft.Data.Sqlite;

namespace Marketplace.Caching;

/// <summary>The writer's upkeep between groups: the WAL's bound, and the maintenance loop's vacuum and checkpoint.</summary>
internal sealed partial class CacheWriter
{
    // The checkpointer copies every eighth of Cache:MaxWalBytes; the writer finishes the copy every quarter.
    private const int WakeDivisor = 8;
    private const int OwnDivisor = 4;
    private long _sinceWake;
    private long _sinceOwnCheckpoint;

    private void Written(long bytes)
    {
        _sinceWake += bytes;
        _sinceOwnCheckpoint += bytes;
        if (_sinceWake >= _options.MaxWalBytes / WakeDivisor)
        {
            _sinceWake = 0;
            _checkpointer.Wake();
        }
    }

    /// <summary>
    /// Every quarter of <c>Cache:MaxWalBytes</c> written, the writer copies what the checkpointer has not yet (little,
    /// when it keeps up) so the next transaction restarts the WAL — unless the checkpointer is running, which would
    /// make its own pass find the file busy. A WAL past the bound (readers or a lagging checkpointer kept it from
    /// restarting) gets a RESTART checkpoint, which waits for them (busy timeout) before the writer goes on.
    /// </summary>
    private void KeepWalBounded()
    {
        if (_sinceOwnCheckpoint < _options.MaxWalBytes / OwnDivisor)
        {
            return;
        }

        var wal = new FileInfo(_wal);
        var over = wal.Exists && wal.Length > _options.MaxWalBytes;
        var taken = false;
        try
        {
            // Past the bound the writer waits for a running checkpoint to end; below it, it tries again after the next group.
            if (over)
            {
                Monitor.Enter(_checkpointer.Gate, ref taken);
            }
            else
            {
                Monitor.TryEnter(_checkpointer.Gate, ref taken);
            }

            if (taken && CacheCheckpointer.Checkpoint(_connection, over ? "RESTART" : "PASSIVE"))
            {
                _sinceOwnCheckpoint = 0;
            }
        }
        catch (SqliteException e)
        {
            Log.CacheCheckpointFailed(_logger, e);
        }
        finally
        {
            if (taken)
            {
                Monitor.Exit(_checkpointer.Gate);
            }
        }
    }

    /// <summary>
    /// Outside any transaction (a checkpoint cannot run in one): frees pages with incremental vacuum — never a full
    /// VACUUM, which would copy the file and hold the writer — then truncates the WAL if no reader needs it.
    /// </summary>
    private void RunMaintain(CacheWrite.Maintain maintain)
    {
        try
        {
            var before = CacheFileOpener.Scalar(_connection, "PRAGMA freelist_count");
            CacheFileOpener.Execute(_connection, $"PRAGMA incremental_vacuum({maintain.MaxPages})");
            maintain.FreedPages = before - CacheFileOpener.Scalar(_connection, "PRAGMA freelist_count");
            CacheCheckpointer.Checkpoint(_connection, "TRUNCATE");
            _sinceOwnCheckpoint = 0;
            maintain.Succeed();
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            maintain.Fail(Translate(e));
        }
    }
}
