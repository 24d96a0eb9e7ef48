using System.Data;
using System.Diagnostics;
using Marketplace.Data.Diagnostics;
using Marketplace.Data.Options;
using Marketplace.Data.WriteUnits;
using Marketplace.Storage;
using Marketplace.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Data.Sqlite;

/// <summary>
/// SQLite's write discipline: writers of this process queue on an async gate (waiting in .NET, not on threads
/// blocked inside SQLite; interactive units ahead of bulk ones), each unit runs in <c>BEGIN IMMEDIATE</c> so it takes the write lock before reading
/// what it will change, and busy/locked errors from other processes retry the whole unit with jittered,
/// bounded backoff.
/// </summary>
internal sealed class SqliteWriteUnitRunner(
    IDbContextFactory<MarketplaceDbContext> contextFactory,
    IOptions<DatabaseOptions> options,
    DataMetrics metrics,
    TimeProvider timeProvider,
    ILogger<SqliteWriteUnitRunner> logger) : IWriteUnitRunner
{
    private readonly WriteGate _gate = new();

    public async Task<WriteUnitResult<T>> ExecuteAsync<T>(Func<MarketplaceDbContext, CancellationToken, Task<T>> unit, WriteUnitPriority priority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var settings = options.Value;
        var started = timeProvider.GetTimestamp();
        var gateWait = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            var waitStarted = timeProvider.GetTimestamp();
            await _gate.WaitAsync(priority, cancellationToken);
            gateWait += timeProvider.GetElapsedTime(waitStarted);
            try
            {
                var (value, lockHold) = await RunOnceAsync(unit, cancellationToken);
                metrics.RecordCommitted(gateWait, lockHold);
                return new WriteUnitResult<T>(value, attempt, gateWait, lockHold);
            }
            catch (Exception ex) when (SqliteErrors.IsBusy(ex) && attempt < settings.WriteRetryAttempts)
            {
                metrics.RecordBusyRetry();
                Log.WriteUnitBusyRetry(logger, attempt, settings.WriteRetryAttempts, ex.Message);
            }
            catch (Exception ex) when (SqliteErrors.IsBusy(ex))
            {
                metrics.RecordBusyFailure();
                throw new DatabaseBusyException(attempt, timeProvider.GetElapsedTime(started), ex);
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
            finally
            {
                _gate.Release();
            }

            // Back off outside the gate so this process's other writers can go first.
            await Task.Delay(Backoff(attempt, settings), timeProvider, cancellationToken);
        }
    }

    private async Task<(T Value, TimeSpan LockHold)> RunOnceAsync<T>(Func<MarketplaceDbContext, CancellationToken, Task<T>> unit, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        // Said explicitly rather than left to a default: the unit takes the write lock at BEGIN, so the reads it
        // makes before writing cannot go stale and it never has to upgrade a read lock (which fails at once
        // with SQLITE_BUSY instead of waiting).
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var transaction = await db.Database.UseTransactionAsync(
            connection.BeginTransaction(IsolationLevel.Serializable, deferred: false), cancellationToken)
            ?? throw new InvalidOperationException("EF Core did not take the write transaction.");
        var lockTaken = Stopwatch.GetTimestamp();
        var value = await unit(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (value, Stopwatch.GetElapsedTime(lockTaken));
    }

    private static TimeSpan Backoff(int attempt, DatabaseOptions settings)
    {
        var ceiling = Math.Min(settings.WriteRetryMaxDelayMs, settings.WriteRetryInitialDelayMs * Math.Pow(2, attempt - 1));
        // Full jitter spreads processes that collided apart; half the ceiling is kept so a retry is never immediate.
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }
}
