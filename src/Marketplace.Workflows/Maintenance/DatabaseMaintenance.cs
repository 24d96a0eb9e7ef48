using Marketplace.Caching;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.Sqlite;
using Marketplace.Data.WriteUnits;
using Marketplace.Workflows.Diagnostics;
using Marketplace.Workflows.Engine.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Maintenance;

/// <summary>
/// One maintenance iteration (DESIGN §6): WAL checkpoint past a size, <c>PRAGMA optimize</c> every
/// <see cref="MaintenanceOptions.OptimizeInterval"/>, retention of old events and finished executions in small
/// write units, and blob cache upkeep (incremental vacuum and checkpoint).
/// </summary>
public sealed class DatabaseMaintenance(
    SqliteMaintenance sqlite,
    IWriteUnitRunner writes,
    BlobCache cache,
    IOptions<MaintenanceOptions> options,
    WorkflowMetrics metrics,
    TimeProvider time)
{
    private static readonly ExecutionStatus[] Finished = [.. Transitions.Executions.Finals];
    private DateTimeOffset _lastOptimize = DateTimeOffset.MinValue;

    public async Task<MaintenanceReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var eventCutoff = now - settings.EventRetention;
        var executionCutoff = now - settings.ExecutionRetention;
        var events = await DeleteInBatchesAsync(db => db.ExecutionEvents.Where(e => e.At < eventCutoff
            && db.WorkflowExecutions.Any(x => x.Id == e.ExecutionId && Finished.Contains(x.Status))).OrderBy(e => e.Id), cancellationToken);
        var executions = await DeleteInBatchesAsync(db => db.WorkflowExecutions.Where(e => Finished.Contains(e.Status)
            && e.FinishedAt < executionCutoff).OrderBy(e => e.FinishedAt), cancellationToken);
        metrics.RetentionDeleted("events", events);
        metrics.RetentionDeleted("executions", executions);

        var optimized = false;
        if (now - _lastOptimize >= settings.OptimizeInterval)
        {
            await sqlite.OptimizeAsync(cancellationToken);
            _lastOptimize = now;
            optimized = true;
        }

        var wal = await sqlite.CheckpointIfLargerThanAsync(settings.WalCheckpointBytes, cancellationToken);
        if (wal.Ran)
        {
            metrics.Checkpointed();
        }

        var freed = await cache.MaintainAsync(cancellationToken: cancellationToken);
        return new MaintenanceReport(wal, optimized, events, executions, freed);
    }

    private async Task<int> DeleteInBatchesAsync<T>(Func<MarketplaceDbContext, IQueryable<T>> select, CancellationToken cancellationToken)
        where T : class
    {
        var total = 0;
        while (true)
        {
            var deleted = await writes.ExecuteAsync((db, ct) => select(db).Take(options.Value.DeleteBatchSize)
                .ExecuteDeleteAsync(ct), WriteUnitPriority.Bulk, cancellationToken);
            total += deleted.Value;
            if (deleted.Value < options.Value.DeleteBatchSize)
            {
                return total;
            }
        }
    }
}
