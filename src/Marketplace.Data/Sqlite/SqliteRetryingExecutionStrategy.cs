using Marketplace.Data.WriteUnits;
using Marketplace.Storage.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;

namespace Marketplace.Data.Sqlite;

/// <summary>
/// SQLite's counterpart of Npgsql's retrying strategy: a busy or locked database (5, 6, 517) runs the whole operation
/// again after the policy's backoff, until its budget is spent (then EF Core throws <see cref="RetryLimitExceededException"/>).
/// A write unit's operation takes the write gate and the cross-process queue itself, so the backoff happens outside both.
/// </summary>
internal sealed class SqliteRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies, WriteRetryPolicy policy)
    : ExecutionStrategy(dependencies, policy.MaxRetries, policy.Backoff.Max)
{
    protected override bool ShouldRetryOn(Exception exception) => SqliteErrors.IsBusy(exception);

    protected override TimeSpan? GetNextDelay(Exception lastException) => policy.DelayAfter(ExceptionsEncountered.Count);
}
