using System.Diagnostics;
using Marketplace.Data.Diagnostics;
using Marketplace.Data.Options;
using Marketplace.Data.WriteUnits;
using Marketplace.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Data.Postgres;

/// <summary>
/// Write units on PostgreSQL, run by <see cref="PostgresRetryingExecutionStrategy"/> (Npgsql's) as SQLite's are by
/// theirs. Each run is a plain transaction with no gate and no queue (the server handles many writers); after a
/// serialization failure, a deadlock (40001, 40P01) or a transient connection error the strategy backs off and runs the
/// whole unit again on a fresh context. Past its budget the caller gets <see cref="DatabaseBusyException"/>; constraint
/// and storage failures map as on SQLite.
/// </summary>
internal sealed class PostgresWriteUnitRunner(
    IDbContextFactory<MarketplaceDbContext> contextFactory,
    IOptions<DatabaseOptions> options,
    DataMetrics metrics,
    TimeProvider time,
    ILogger<PostgresWriteUnitRunner> logger) : IWriteUnitRunner
{
    public async Task<WriteUnitResult<T>> ExecuteAsync<T>(Func<MarketplaceDbContext, CancellationToken, Task<T>> unit, WriteUnitPriority priority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var started = time.GetTimestamp();
        var (attempts, lockHold) = (0, TimeSpan.Zero);
        Exception? lastFailure = null;
        await using var strategyContext = await contextFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            var value = await strategyContext.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                if (++attempts > 1)
                {
                    metrics.RecordBusyRetry();
                    Log.WriteUnitRetrying(logger, attempts - 1, options.Value.WriteRetryAttempts, lastFailure!.Message);
                }

                try
                {
                    var run = await RunOnceAsync(unit, ct);
                    lockHold = run.LockHold;
                    return run.Value;
                }
                catch (Exception ex)
                {
                    lastFailure = ex; // the strategy decides whether it is worth another run
                    throw;
                }
            }, cancellationToken);
            metrics.RecordCommitted(TimeSpan.Zero, TimeSpan.Zero, lockHold);
            return new WriteUnitResult<T>(value, attempts, TimeSpan.Zero, lockHold);
        }
        catch (RetryLimitExceededException ex)
        {
            metrics.RecordBusyFailure();
            throw new DatabaseBusyException(attempts, time.GetElapsedTime(started), ex);
        }
        catch (Exception ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            throw new DuplicateKeyException(PostgresErrors.Find(ex)!.MessageText, ex);
        }
        catch (Exception ex) when (PostgresErrors.IsConstraintViolation(ex))
        {
            throw new ConstraintViolationException(PostgresErrors.Find(ex)!.MessageText, ex);
        }
        catch (Exception ex) when (PostgresErrors.IsStorageFailure(ex))
        {
            throw new StorageUnavailableException($"The database cannot be written: {PostgresErrors.Find(ex)!.MessageText}", ex);
        }
    }

    /// <summary>One run: <c>BEGIN</c> … <c>COMMIT</c> on a fresh context.</summary>
    private async Task<(T Value, TimeSpan LockHold)> RunOnceAsync<T>(Func<MarketplaceDbContext, CancellationToken, Task<T>> unit, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var began = Stopwatch.GetTimestamp();
        var value = await unit(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (value, Stopwatch.GetElapsedTime(began));
    }
}
