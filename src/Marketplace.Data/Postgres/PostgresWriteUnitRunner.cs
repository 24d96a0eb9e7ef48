using System.Diagnostics;
using Marketplace.Data.Diagnostics;
using Marketplace.Data.WriteUnits;
using Marketplace.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Marketplace.Data.Postgres;

/// <summary>
/// Write units on PostgreSQL: a plain transaction (no in-process gate — the server handles many writers) run by the
/// provider's retrying execution strategy, which repeats the whole unit on a fresh context after serialization
/// failures, deadlocks (40001, 40P01) and transient connection errors. Past its budget the caller gets
/// <see cref="DatabaseBusyException"/>; constraint and storage failures map as on SQLite.
/// </summary>
internal sealed class PostgresWriteUnitRunner(IDbContextFactory<MarketplaceDbContext> contextFactory, DataMetrics metrics, TimeProvider time) : IWriteUnitRunner
{
    public async Task<WriteUnitResult<T>> ExecuteAsync<T>(Func<MarketplaceDbContext, CancellationToken, Task<T>> unit, WriteUnitPriority priority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var started = time.GetTimestamp();
        var attempts = 0;
        var lockHold = TimeSpan.Zero;
        await using var strategyContext = await contextFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            var value = await strategyContext.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                if (++attempts > 1)
                {
                    metrics.RecordBusyRetry();
                }

                await using var db = await contextFactory.CreateDbContextAsync(ct);
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var began = Stopwatch.GetTimestamp();
                var result = await unit(db, ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                lockHold = Stopwatch.GetElapsedTime(began);
                return result;
            }, cancellationToken);
            metrics.RecordCommitted(TimeSpan.Zero, lockHold);
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
}
