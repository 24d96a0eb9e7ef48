using System.Text.Json.Nodes;
using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Marketplace.Workflows.Engine;
using Marketplace.Workflows.Engine.States;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Workflows.Management;

/// <summary>
/// Pause, resume, cancel and gate decisions. Each is one write unit whose update is conditional on the current state
/// (allowed when <see cref="Transitions"/> has the transition), so it is correct against runners in other processes;
/// the runner holding the execution sees the change at its next read (at once in this process, within
/// <c>Workflows:ControlPollInterval</c> elsewhere) and stops its handlers.
/// </summary>
public sealed class ExecutionControl(IWriteUnitRunner writes, JobSignals signals, TimeProvider time)
{
    private static readonly TransitionTable<ExecutionStatus, ExecutionTrigger> Executions = Transitions.Executions;

    public Task PauseAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, "pause", ExecutionTrigger.Pause, async (db, status, now, ct) =>
        {
            var paused = Executions.To(status, ExecutionTrigger.Pause);
            await db.WorkflowExecutions.Where(e => e.Id == id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, paused), ct);
            return new NewExecutionEvent(ExecutionEvents.Paused);
        }, cancellationToken);

    public Task ResumeAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, "resume", ExecutionTrigger.Resume, async (db, status, now, ct) =>
        {
            // Back to running (or pending if it never started); whichever runner claims it continues from the stored steps.
            var running = Executions.To(status, ExecutionTrigger.Resume);
            var pending = Executions.To(status, ExecutionTrigger.ResumeBeforeStart);
            await db.WorkflowExecutions.Where(e => e.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(e => e.Status, e => e.StartedAt == null ? pending : running)
                .SetProperty(e => e.WakeAt, (DateTimeOffset?)null), ct);
            return new NewExecutionEvent(ExecutionEvents.Resumed);
        }, cancellationToken);

    public Task CancelAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, "cancel", ExecutionTrigger.Cancel, async (db, status, now, ct) =>
        {
            // Final here and now: the runner's later writes are refused by its lease check, so this is the last event.
            var cancelled = Executions.To(status, ExecutionTrigger.Cancel);
            await ExecutionSteps.CancelUnfinishedAsync(db, id, now, ct);
            await db.WorkflowExecutions.Where(e => e.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(e => e.Status, cancelled)
                .SetProperty(e => e.FinishedAt, now)
                .SetProperty(e => e.WakeAt, (DateTimeOffset?)null), ct);
            return new NewExecutionEvent(ExecutionEvents.Cancelled);
        }, cancellationToken);

    public Task ApproveAsync(Guid id, string stageId, string? comment, CancellationToken cancellationToken) =>
        DecideAsync(id, stageId, approve: true, comment, cancellationToken);

    public Task RejectAsync(Guid id, string stageId, string? comment, CancellationToken cancellationToken) =>
        DecideAsync(id, stageId, approve: false, comment, cancellationToken);

    private Task DecideAsync(Guid id, string stageId, bool approve, string? comment, CancellationToken cancellationToken) =>
        ChangeAsync(id, approve ? "approve" : "reject", ExecutionTrigger.DecideGate, async (db, status, now, ct) =>
        {
            var trigger = approve ? StepTrigger.Approve : StepTrigger.Reject;
            var step = await db.ExecutionSteps.AsNoTracking().Where(s => s.ExecutionId == id && s.StageId == stageId)
                .Select(s => (StepStatus?)s.Status).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Stage", stageId);
            if (!Transitions.Steps.Allows(step, trigger))
            {
                throw new ConflictException($"Stage '{stageId}' is {WireName.Of(step)}, not waiting for approval.");
            }

            var decided = Transitions.Steps.To(step, trigger);
            await db.ExecutionSteps.Where(s => s.ExecutionId == id && s.StageId == stageId && s.Status == step).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, decided)
                .SetProperty(s => s.Outputs, new JsonObject { ["approved"] = approve, ["comment"] = comment }.ToJsonString())
                .SetProperty(s => s.Error, approve ? null : $"Rejected{(comment is null ? "" : $": {comment}")}")
                .SetProperty(s => s.FinishedAt, now), ct);
            // A parked execution becomes claimable again; a running one sees the decision at its next read.
            var next = Executions.To(status, ExecutionTrigger.DecideGate);
            if (next != status)
            {
                await db.WorkflowExecutions.Where(e => e.Id == id && e.Status == status)
                    .ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, next).SetProperty(e => e.WakeAt, (DateTimeOffset?)null), ct);
            }

            var data = comment is null ? null : new JsonObject { ["comment"] = comment };
            return new NewExecutionEvent(approve ? ExecutionEvents.GateApproved : ExecutionEvents.GateRejected, stageId, data);
        }, cancellationToken);

    private async Task ChangeAsync(
        Guid id,
        string action,
        ExecutionTrigger trigger,
        Func<MarketplaceDbContext, ExecutionStatus, DateTimeOffset, CancellationToken, Task<NewExecutionEvent>> change,
        CancellationToken cancellationToken)
    {
        await writes.RunAsync(async (db, ct) =>
        {
            // Touch the execution row first: on PostgreSQL that takes its row lock, so this decision and its event
            // append are serialized with the runner's transitions (which also update the row first); on SQLite the
            // unit already holds the write lock. The status read after it is then the one this change applies to.
            if (await db.WorkflowExecutions.Where(e => e.Id == id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, e =>
                e.Status), ct) == 0)
            {
                throw new NotFoundException("Execution", id);
            }

            var status = await db.WorkflowExecutions.AsNoTracking().Where(e => e.Id == id).Select(e => e.Status).FirstAsync(ct);
            if (!Executions.Allows(status, trigger))
            {
                throw new ConflictException($"Cannot {action} an execution that is {WireName.Of(status)}.");
            }

            var now = time.GetUtcNow();
            await ExecutionEvents.AppendAsync(db, id, now, ct, await change(db, status, now, ct));
        }, cancellationToken);
        signals.ControlChanged(id);
    }
}
