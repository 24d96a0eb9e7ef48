using System.Diagnostics;
using Marketplace.Data.Diagnostics;
using Marketplace.Data.WriteUnits;
using Marketplace.Storage;
using Microsoft.EntityFrameworkCore;

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
    WriteUnitRetries retries,
    DataMetrics metrics) : IWriteUnitRunner
{
    public async Task<WriteUnitResult<T>> ExecuteAsync<T>(
        Func<MarketplaceDbContext, CancellationToken, Task<T>> unit, WriteUnitPriority priority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var lockHold = TimeSpan.Zero;
        await using var strategyContext = await contextFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            var (value, attempts) = await retries.RunAsync(strategyContext, async ct =>
            {
                var run = await RunOnceAsync(unit, ct);
                lockHold = run.LockHold;
                return run.Value;
            }, cancellationToken);
            metrics.RecordCommitted(TimeSpan.Zero, TimeSpan.Zero, lockHold);
            return new WriteUnitResult<T>(value, attempts, TimeSpan.Zero, lockHold);
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
    private async Task<(T Value, TimeSpan LockHold)> RunOnceAsync<T>(
        Func<MarketplaceDbContext, CancellationToken, Task<T>> unit, CancellationToken cancellationToken)
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
