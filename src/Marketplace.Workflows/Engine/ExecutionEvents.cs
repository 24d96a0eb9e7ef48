using Marketplace.Data;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Workflows.Engine;

/// <summary>Event types of <c>execution_events</c>, and appending them inside a write unit.</summary>
public static class ExecutionEvents
{
    public const string Created = "execution_created";
    public const string Started = "execution_started";
    public const string Claimed = "execution_claimed";
    public const string Waiting = "execution_waiting";
    public const string Paused = "execution_paused";
    public const string Resumed = "execution_resumed";
    public const string Completed = "execution_completed";
    public const string Failed = "execution_failed";
    public const string Cancelled = "execution_cancelled";

    /// <summary>A run stopped on an unexpected error; the execution is claimed again after a back-off.</summary>
    public const string RunFailed = "execution_run_failed";
    public const string StepStarted = "step_started";
    public const string StepRetrying = "step_retrying";
    public const string StepCompleted = "step_completed";
    public const string StepFailed = "step_failed";
    public const string StepTimedOut = "step_timed_out";
    public const string StepSkipped = "step_skipped";
    public const string StepInterrupted = "step_interrupted";
    public const string GateWaiting = "gate_waiting";
    public const string GateApproved = "gate_approved";
    public const string GateRejected = "gate_rejected";

    /// <summary>After one of these nothing more is appended; a stream closes on it.</summary>
    public static bool IsTerminal(string type) => type is Completed or Failed or Cancelled;

    /// <summary>
    /// Appends events with the next sequence numbers of the execution. Call inside a write unit after the execution
    /// row was updated in it, so concurrent appenders are serialized by that row (the unique index is the backstop).
    /// </summary>
    public static async Task AppendAsync(
        MarketplaceDbContext db, Guid executionId, DateTimeOffset at, CancellationToken cancellationToken,
            params NewExecutionEvent[] events)
    {
        var sequence = await db.ExecutionEvents.Where(e => e.ExecutionId == executionId)
            .MaxAsync(e => (int?)e.Sequence, cancellationToken) ?? 0;
        foreach (var (type, stageId, data) in events)
        {
            db.ExecutionEvents.Add(new ExecutionEvent
            {
                ExecutionId = executionId,
                Sequence = ++sequence,
                Type = type,
                StageId = stageId,
                Data = data?.ToJsonString(),
                At = at,
            });
        }
    }
}
