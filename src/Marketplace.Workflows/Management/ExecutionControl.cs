using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Marketplace.Workflows.Engine;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Workflows.Management;

/// <summary>
/// Pause, resume, cancel and gate decisions. Each is one write unit whose update is conditional on the current
/// state, so it is correct against runners in other processes; the runner holding the execution sees the change at its
/// next read (at once in this process, within <c>Workflows:ControlPollInterval</c> elsewhere) and stops its handlers.
/// </summary>
public sealed class ExecutionControl(IWriteUnitRunner writes, ExecutionSignals signals, TimeProvider time)
{
    private static readonly ExecutionStatus[] Active = [ExecutionStatus.Pending, ExecutionStatus.Running, ExecutionStatus.Waiting];

    public Task PauseAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, "pause", e => Active.Contains(e.Status), async (db, now, ct) =>
        {
            await db.WorkflowExecutions.Where(e => e.Id == id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, ExecutionStatus.Paused), ct);
            return (ExecutionEvents.Paused, (string?)null, (JsonObject?)null);
        }, cancellationToken);

    public Task ResumeAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, "resume", e => e.Status == ExecutionStatus.Paused, async (db, now, ct) =>
        {
            // Back to running (or pending if it never started); whichever runner claims it continues from the stored steps.
            await db.WorkflowExecutions.Where(e => e.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(e => e.Status, e => e.StartedAt == null ? ExecutionStatus.Pending : ExecutionStatus.Running)
                .SetProperty(e => e.WakeAt, (DateTimeOffset?)null), ct);
            return (ExecutionEvents.Resumed, null, null);
        }, cancellationToken);

    public Task CancelAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, "cancel", e => Active.Contains(e.Status) || e.Status == ExecutionStatus.Paused, async (db, now, ct) =>
        {
            // Final here and now: the runner's later writes are refused by its lease check, so this is the last event.
            await ExecutionSteps.CancelUnfinishedAsync(db, id, now, ct);
            await db.WorkflowExecutions.Where(e => e.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(e => e.Status, ExecutionStatus.Cancelled)
                .SetProperty(e => e.FinishedAt, now)
                .SetProperty(e => e.WakeAt, (DateTimeOffset?)null), ct);
            return (ExecutionEvents.Cancelled, null, null);
        }, cancellationToken);

    public Task ApproveAsync(Guid id, string stageId, string? comment, CancellationToken cancellationToken) =>
        DecideAsync(id, stageId, approve: true, comment, cancellationToken);

    public Task RejectAsync(Guid id, string stageId, string? comment, CancellationToken cancellationToken) =>
        DecideAsync(id, stageId, approve: false, comment, cancellationToken);

    private Task DecideAsync(Guid id, string stageId, bool approve, string? comment, CancellationToken cancellationToken) =>
        ChangeAsync(id, approve ? "approve" : "reject", e => Active.Contains(e.Status) || e.Status == ExecutionStatus.Paused, async (db, now, ct) =>
        {
            var step = await db.ExecutionSteps.AsNoTracking().Where(s => s.ExecutionId == id && s.StageId == stageId).Select(s => (StepStatus?)s.Status).FirstOrDefaultAsync(ct)
                ?? throw new NotFoundException("Stage", stageId);
            if (step != StepStatus.WaitingForApproval)
            {
                throw new ConflictException($"Stage '{stageId}' is {WireName.Of(step)}, not waiting for approval.");
            }

            await db.ExecutionSteps.Where(s => s.ExecutionId == id && s.StageId == stageId && s.Status == StepStatus.WaitingForApproval).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, approve ? StepStatus.Completed : StepStatus.Failed)
                .SetProperty(s => s.Outputs, new JsonObject { ["approved"] = approve, ["comment"] = comment }.ToJsonString())
                .SetProperty(s => s.Error, approve ? null : $"Rejected{(comment is null ? "" : $": {comment}")}")
                .SetProperty(s => s.FinishedAt, now), ct);
            // A parked execution becomes claimable again; a running one sees the decision at its next read.
            await db.WorkflowExecutions.Where(e => e.Id == id && e.Status == ExecutionStatus.Waiting)
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, ExecutionStatus.Running).SetProperty(e => e.WakeAt, (DateTimeOffset?)null), ct);
            return (approve ? ExecutionEvents.GateApproved : ExecutionEvents.GateRejected, stageId, comment is null ? null : new JsonObject { ["comment"] = comment });
        }, cancellationToken);

    private async Task ChangeAsync(
        Guid id,
        string action,
        Expression<Func<WorkflowExecution, bool>> allowed,
        Func<MarketplaceDbContext, DateTimeOffset, CancellationToken, Task<(string Type, string? StageId, JsonObject? Data)>> change,
        CancellationToken cancellationToken)
    {
        await writes.RunAsync(async (db, ct) =>
        {
            // Touch the execution row first: on PostgreSQL that takes its row lock, so this decision and its event
            // append are serialized with the runner's transitions (which also update the row first); on SQLite the
            // unit already holds the write lock.
            if (await db.WorkflowExecutions.Where(e => e.Id == id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, e => e.Status), ct) == 0)
            {
                throw new NotFoundException("Execution", id);
            }

            var status = await db.WorkflowExecutions.AsNoTracking().Where(e => e.Id == id).Select(e => e.Status).FirstAsync(ct);
            if (!await db.WorkflowExecutions.Where(e => e.Id == id).AnyAsync(allowed, ct))
            {
                throw new ConflictException($"Cannot {action} an execution that is {WireName.Of(status)}.");
            }

            var now = time.GetUtcNow();
            var @event = await change(db, now, ct);
            await ExecutionEvents.AppendAsync(db, id, now, ct, @event);
        }, cancellationToken);
        signals.ControlChanged(id);
    }
}
