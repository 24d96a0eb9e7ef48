using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace Marketplace.Data.Postgres;

/// <summary>
/// Npgsql's retrying strategy (serialization failures, deadlocks, dropped connections and other transient errors run the
/// whole operation again) with the write units' budget and backoff, the same as on SQLite.
/// </summary>
internal sealed class PostgresRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies, WriteRetryPolicy policy)
    : NpgsqlRetryingExecutionStrategy(dependencies, policy.MaxRetries, policy.Backoff.Max, errorCodesToAdd: null)
{
    protected override TimeSpan? GetNextDelay(Exception lastException) => policy.DelayAfter(ExceptionsEncountered.Count);
}
