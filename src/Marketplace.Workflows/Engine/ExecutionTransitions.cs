using System.Text.Json.Nodes;
using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Storage;
using Marketplace.Workflows.Diagnostics;
using Marketplace.Workflows.Engine.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// A runner's reads and writes of an execution as a whole: its state, the heartbeat, parking at a gate, finishing,
/// backing off after a failed run, letting go. Writes are fenced units (<see cref="ExecutionWrites"/>).
/// </summary>
internal sealed class ExecutionTransitions(
    IDbContextFactory<MarketplaceDbContext> contexts,
    ExecutionWrites writes,
    WorkflowMetrics metrics,
    IOptions<WorkflowOptions> options)
{
    public async Task<ExecutionState?> ReadAsync(Guid executionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var execution = await db.WorkflowExecutions.AsNoTracking().Where(e => e.Id == executionId)
            .Select(e => new { e.Status, e.LeaseOwner }).FirstOrDefaultAsync(cancellationToken);
        return execution is null
            ? null
            : new ExecutionState(execution.Status, execution.LeaseOwner, await StepsAsync(db, executionId, cancellationToken));
    }

    /// <summary>The heartbeat: renews the lease while this runner holds the execution (also while it winds down a pause).</summary>
    public Task RenewAsync(Lease lease, CancellationToken cancellationToken) =>
        writes.FencedAsync(lease, LeaseUse.Record, (_, _, _) => Task.FromResult((true, Array.Empty<NewExecutionEvent>())),
            cancellationToken);

    /// <summary>
    /// Lets the execution wait for gate decisions with no thread held; <paramref name="wakeAt"/> is the earliest gate
    /// deadline. Refused (false) when, inside the unit, the fresh steps say there is work after all.
    /// </summary>
    public Task<bool> ParkAsync(Lease lease, Func<IReadOnlyDictionary<string, StepState>, bool> stillWaiting,
        DateTimeOffset? wakeAt, CancellationToken cancellationToken) =>
        writes.FencedAsync(lease, LeaseUse.Work, async (db, _, ct) =>
        {
            if (!stillWaiting(await StepsAsync(db, lease.JobId, ct)))
            {
                return (false, Array.Empty<NewExecutionEvent>());
            }

            var waiting = Transitions.Executions.To(ExecutionStatus.Running, ExecutionTrigger.Park);
            await db.WorkflowExecutions.Where(e => e.Id == lease.JobId).ExecuteUpdateAsync(u => u
                .SetProperty(e => e.Status, waiting)
                .SetProperty(e => e.WakeAt, wakeAt)
                .SetProperty(e => e.LeaseOwner, (string?)null)
                .SetProperty(e => e.LeaseExpiresAt, (DateTimeOffset?)null), ct);
            var data = wakeAt is null ? null : new JsonObject { ["wakeAt"] = wakeAt.Value.ToString("O") };
            return (true, new[] { new NewExecutionEvent(ExecutionEvents.Waiting, null, data) });
        }, cancellationToken);

    /// <summary>Ends the execution: steps not finished are cancelled, the terminal event is the last one, the lease is released.</summary>
    public async Task FinishAsync(Lease lease, ExecutionStatus status, string? error, CancellationToken cancellationToken)
    {
        var trigger = status == ExecutionStatus.Completed ? ExecutionTrigger.Complete : ExecutionTrigger.Fail;
        var to = Transitions.Executions.To(ExecutionStatus.Running, trigger);
        await writes.FencedAsync(
            lease, LeaseUse.Work, async (db, now, ct) => (true, await EndAsync(db, lease, to, error, now, ct)), cancellationToken);
        metrics.ExecutionFinished(to);
    }

    /// <summary>
    /// A run stopped on <paramref name="error"/>. The runs that failed since the last completed step are counted (their
    /// events): below <see cref="WorkflowOptions.MaxRunFailures"/> the execution is let go until a back-off
    /// (<see cref="Backoff"/>) has passed, so no runner claims it again at once; at the limit it fails with the error.
    /// True when it failed.
    /// </summary>
    public async Task<bool> BackOffAsync(Lease lease, string error, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var failed = await writes.FencedAsync(lease, LeaseUse.Work, async (db, now, ct) =>
        {
            var runs = await FailedRunsAsync(db, lease.JobId, ct) + 1;
            if (runs >= settings.MaxRunFailures)
            {
                var message = $"The execution stopped on an error in {runs} runs in a row; the last: {error}";
                var failed = Transitions.Executions.To(ExecutionStatus.Running, ExecutionTrigger.Fail);
                return (true, await EndAsync(db, lease, failed, message, now, ct));
            }

            var wakeAt = now + new Backoff(settings.RunFailureDelay, 2, settings.RunFailureMaxDelay).DelayAfter(runs);
            var running = Transitions.Executions.To(ExecutionStatus.Running, ExecutionTrigger.BackOff);
            await db.WorkflowExecutions.Where(e => e.Id == lease.JobId).ExecuteUpdateAsync(u => u
                .SetProperty(e => e.Status, running)
                .SetProperty(e => e.WakeAt, wakeAt)
                .SetProperty(e => e.LeaseOwner, (string?)null)
                .SetProperty(e => e.LeaseExpiresAt, (DateTimeOffset?)null), ct);
            var data = new JsonObject { ["run"] = runs, ["error"] = StepTransitions.Truncate(error), ["retryAt"] = wakeAt.ToString("O") };
            return (false, new[] { new NewExecutionEvent(ExecutionEvents.RunFailed, null, data) });
        }, cancellationToken);
        if (failed)
        {
            metrics.ExecutionFinished(ExecutionStatus.Failed);
        }

        return failed;
    }

    public Task ReleaseAsync(Lease lease, CancellationToken cancellationToken) => writes.ReleaseAsync(lease, cancellationToken);

    private static async Task<NewExecutionEvent[]> EndAsync(
        MarketplaceDbContext db, Lease lease, ExecutionStatus status, string? error, DateTimeOffset now, CancellationToken ct)
    {
        await ExecutionSteps.CancelUnfinishedAsync(db, lease.JobId, now, ct);
        await db.WorkflowExecutions.Where(e => e.Id == lease.JobId).ExecuteUpdateAsync(u => u
            .SetProperty(e => e.Status, status)
            .SetProperty(e => e.Error, StepTransitions.Truncate(error))
            .SetProperty(e => e.FinishedAt, now)
            .SetProperty(e => e.WakeAt, (DateTimeOffset?)null)
            .SetProperty(e => e.LeaseOwner, (string?)null)
            .SetProperty(e => e.LeaseExpiresAt, (DateTimeOffset?)null), ct);
        var type = status == ExecutionStatus.Completed ? ExecutionEvents.Completed : ExecutionEvents.Failed;
        return [new NewExecutionEvent(type, null, error is null ? null : new JsonObject { ["error"] = StepTransitions.Truncate(error) })];
    }

    /// <summary>
    /// Runs that failed since the execution last made progress (a completed
    /// step): a run that gets somewhere starts the count again.
    /// </summary>
    private static async Task<int> FailedRunsAsync(MarketplaceDbContext db, Guid executionId, CancellationToken ct)
    {
        var events = db.ExecutionEvents.Where(e => e.ExecutionId == executionId);
        var progress = await events.Where(e => e.Type == ExecutionEvents.StepCompleted).MaxAsync(e => (int?)e.Sequence, ct) ?? 0;
        return await events.CountAsync(e => e.Type == ExecutionEvents.RunFailed && e.Sequence > progress, ct);
    }

    private static Task<Dictionary<string, StepState>> StepsAsync(MarketplaceDbContext db, Guid executionId, CancellationToken ct) =>
        db.ExecutionSteps.AsNoTracking().Where(s => s.ExecutionId == executionId)
            .ToDictionaryAsync(s => s.StageId, s => new StepState(s.Status, s.Error, s.StartedAt, s.Outputs), StringComparer.Ordinal, ct);
}
