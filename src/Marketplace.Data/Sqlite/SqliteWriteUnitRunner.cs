using System.Data;
using System.Diagnostics;
using Marketplace.Data.Diagnostics;
using Marketplace.Data.WriteUnits;
using Marketplace.Storage;
using Marketplace.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Data.Sqlite;

/// <summary>
/// Write units on SQLite, run by <see cref="SqliteRetryingExecutionStrategy"/> as PostgreSQL's are by Npgsql's. Each run
/// of the operation waits at this process's async write gate (interactive units ahead of bulk ones; waiting in .NET, not
/// on threads blocked inside SQLite), then for its turn in the cross-process <see cref="SqliteWriteQueue"/>, and runs the
/// unit in <c>BEGIN IMMEDIATE</c>, so it takes the write lock before reading what it will change. A busy or locked error
/// leaves the gate and the line; the strategy backs off outside both and runs the whole unit again on a fresh context.
/// </summary>
internal sealed class SqliteWriteUnitRunner(
    IDbContextFactory<MarketplaceDbContext> contextFactory,
    SqliteWriteQueue queue,
    WriteUnitRetries retries,
    DataMetrics metrics,
    TimeProvider time) : IWriteUnitRunner
{
    private readonly WriteGate _gate = new();

    /// <summary>This process's write gate (tests look at who waits).</summary>
    internal WriteGate Gate => _gate;

    public async Task<WriteUnitResult<T>> ExecuteAsync<T>(
        Func<MarketplaceDbContext, CancellationToken, Task<T>> unit, WriteUnitPriority priority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var (gateWait, queueWait, lockHold) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        await using var strategyContext = await contextFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            var (value, attempts) = await retries.RunAsync(strategyContext, async ct =>
            {
                var waitStarted = time.GetTimestamp();
                await _gate.WaitAsync(priority, ct);
                gateWait += time.GetElapsedTime(waitStarted);
                try
                {
                    var run = await RunOnceAsync(unit, priority, ct);
                    (queueWait, lockHold) = (queueWait + run.QueueWait, run.LockHold);
                    return run.Value;
                }
                finally
                {
                    ReleaseGate(); // also before a retry: the strategy backs off outside the gate and the line
                }
            }, cancellationToken);
            metrics.RecordCommitted(gateWait, queueWait, lockHold);
            return new WriteUnitResult<T>(value, attempts, gateWait, lockHold, queueWait);
        }
        catch (Exception ex) when (SqliteErrors.IsUniqueViolation(ex))
        {
            throw new DuplicateKeyException(SqliteErrors.Find(ex)!.Message, ex);
        }
        catch (Exception ex) when (SqliteErrors.IsConstraintViolation(ex))
        {
            throw new ConstraintViolationException(SqliteErrors.Find(ex)!.Message, ex);
        }
        catch (Exception ex) when (SqliteErrors.IsStorageFailure(ex))
        {
            throw new StorageUnavailableException($"The database cannot be written: {SqliteErrors.Find(ex)!.Message}", ex);
        }
    }

    /// <summary>One run, with the gate held: the turn in the queue, then <c>BEGIN IMMEDIATE</c> … <c>COMMIT</c>.</summary>
    private async Task<(T Value, TimeSpan QueueWait, TimeSpan LockHold)> RunOnceAsync<T>(
        Func<MarketplaceDbContext, CancellationToken, Task<T>> unit, WriteUnitPriority priority, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken); // before the turn: its PRAGMAs are nothing the line should wait for
        var waitStarted = time.GetTimestamp();
        var inLine = await queue.EnterAsync(cancellationToken);
        if (inLine && priority == WriteUnitPriority.Bulk && _gate.HasInteractiveWaiter)
        {
            // An edit arrived while this batch waited for its turn: it takes the turn, and the batch comes back after the
            // interactive units (at most BulkTurnEvery - 1 of them, as at the gate) and stands in line again. Once per run,
            // so a stream of edits cannot keep a batch out.
            queue.Lend();
            await _gate.YieldAsync();
            inLine = await queue.EnterAsync(cancellationToken);
        }

        var queueWait = time.GetElapsedTime(waitStarted);

        // Said explicitly rather than left to a default: the unit takes the write lock at BEGIN, so the reads it makes
        // before writing cannot go stale and it never has to upgrade a read lock (which fails at once with SQLITE_BUSY
        // instead of waiting). The turn in the queue ends (or passes on) when the gate is released, after the commit or
        // the rollback, so the next writer's BEGIN IMMEDIATE does not wait.
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var transaction = await db.Database.UseTransactionAsync(
            connection.BeginTransaction(IsolationLevel.Serializable, deferred: false), cancellationToken)
            ?? throw new InvalidOperationException("EF Core did not take the write transaction.");
        var lockTaken = Stopwatch.GetTimestamp();
        var value = await unit(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (value, queueWait, Stopwatch.GetElapsedTime(lockTaken));
    }

    /// <summary>
    /// Releases the gate. A turn in the write queue young enough goes with it to the next holder of this process;
    /// otherwise the turn ends, so the next process in line goes.
    /// </summary>
    private void ReleaseGate()
    {
        if (queue.MayPassOn)
        {
            queue.Lend();
            if (_gate.TryHandOver())
            {
                return;
            }
        }

        queue.Leave(); // also a lent turn whose borrower failed before it took it
        _gate.Release();
    }
}
