using System.Text.Json.Nodes;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Workflows.Diagnostics;
using Marketplace.Workflows.Engine.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// A runner's step changes, each one fenced unit (<see cref="ExecutionWrites"/>) whose update is conditional on the
/// step's state in <see cref="Transitions.Steps"/>. Outcomes of work that already ran are recorded even if a pause
/// arrived meanwhile (<see cref="LeaseUse.Record"/>): they are facts, and the execution continues from them on
/// resume. Only starting work needs the execution to be running.
/// </summary>
internal sealed class StepTransitions(ExecutionWrites writes, WorkflowMetrics metrics)
{
    private const int MaxError = 4000;

    public Task<int> StartAsync(Lease lease, string stageId, JsonObject inputs, CancellationToken cancellationToken) =>
        writes.FencedAsync(lease, LeaseUse.Work, async (db, now, ct) =>
        {
            var from = Transitions.Steps.From(StepTrigger.Start);
            var step = await db.ExecutionSteps.SingleAsync(s => s.ExecutionId == lease.JobId && s.StageId == stageId
                && from.Contains(s.Status), ct);
            step.Status = Transitions.Steps.To(step.Status, StepTrigger.Start);
            step.Attempt++;
            step.StartedAt = now;
            step.Inputs = inputs.ToJsonString();
            step.Error = null;
            var data = new JsonObject { ["attempt"] = step.Attempt, ["runner"] = lease.Owner };
            return (step.Attempt, new[] { new NewExecutionEvent(ExecutionEvents.StepStarted, stageId, data) });
        }, cancellationToken);

    public Task RetryAsync(Lease lease, string stageId, int nextAttempt, string error, TimeSpan delay,
        CancellationToken cancellationToken) =>
        UpdateAsync(lease, stageId, StepStatus.Running, StepTrigger.Retry,
            (u, _) => u.SetProperty(s => s.Attempt, nextAttempt).SetProperty(s => s.Error, Truncate(error)),
            ExecutionEvents.StepRetrying,
            new JsonObject { ["nextAttempt"] = nextAttempt, ["delayMs"] = delay.TotalMilliseconds, ["error"] = Truncate(error) },
            cancellationToken);

    public async Task CompleteAsync(Lease lease, string stageId, JsonNode? outputs, bool fromCache, CancellationToken cancellationToken)
    {
        var json = outputs?.ToJsonString();
        await UpdateAsync(lease, stageId, StepStatus.Running, StepTrigger.Complete,
            (u, now) => u.SetProperty(s => s.Outputs, json).SetProperty(s => s.FinishedAt, now).SetProperty(s => s.Error, (string?)null),
            ExecutionEvents.StepCompleted,
            fromCache ? new JsonObject { ["fromCache"] = true } : null,
            cancellationToken);
        metrics.StepFinished(StepStatus.Completed);
    }

    public async Task FailAsync(Lease lease, string stageId, bool timedOut, string error, CancellationToken cancellationToken)
    {
        var trigger = timedOut ? StepTrigger.TimeOut : StepTrigger.Fail;
        await UpdateAsync(lease, stageId, StepStatus.Running, trigger,
            (u, now) => u.SetProperty(s => s.Error, Truncate(error)).SetProperty(s => s.FinishedAt, now),
            timedOut ? ExecutionEvents.StepTimedOut : ExecutionEvents.StepFailed,
            new JsonObject { ["error"] = Truncate(error) },
            cancellationToken);
        metrics.StepFinished(Transitions.Steps.To(StepStatus.Running, trigger));
    }

    public Task AwaitApprovalAsync(Lease lease, string stageId, CancellationToken cancellationToken) =>
        UpdateAsync(lease, stageId, StepStatus.Running, StepTrigger.AwaitApproval, (_, _) => { }, ExecutionEvents.GateWaiting, data: null,
            cancellationToken);

    /// <summary>A gate's deadline passed without a decision. False when the API decided first.</summary>
    public Task<bool> TimeOutGateAsync(Lease lease, string stageId, bool approve, CancellationToken cancellationToken) =>
        writes.FencedAsync(lease, LeaseUse.Work, async (db, now, ct) =>
        {
            var from = StepStatus.WaitingForApproval;
            var to = Transitions.Steps.To(from, approve ? StepTrigger.Approve : StepTrigger.TimeOut);
            var changed = await db.ExecutionSteps.Where(s => s.ExecutionId == lease.JobId && s.StageId == stageId && s.Status == from)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.Status, to)
                    .SetProperty(s => s.Error, approve ? null : "The gate timed out without a decision.")
                    .SetProperty(s => s.Outputs, approve ? """{"approved":true,"by":"timeout"}""" : null)
                    .SetProperty(s => s.FinishedAt, now), ct);
            var type = approve ? ExecutionEvents.GateApproved : ExecutionEvents.StepTimedOut;
            NewExecutionEvent[] events = changed == 1
                ? [new NewExecutionEvent(type, stageId, new JsonObject { ["reason"] = "gate timeout" })]
                : [];
            return (changed == 1, events);
        }, cancellationToken);

    public Task SkipAsync(Lease lease, IReadOnlyList<(string StageId, string? Error, string Reason)> skips,
        CancellationToken cancellationToken) =>
        writes.FencedAsync(lease, LeaseUse.Work, async (db, now, ct) =>
        {
            var from = StepStatus.Pending;
            var to = Transitions.Steps.To(from, StepTrigger.Skip);
            foreach (var (stageId, error, _) in skips)
            {
                await db.ExecutionSteps.Where(s => s.ExecutionId == lease.JobId && s.StageId == stageId && s.Status == from)
                    .ExecuteUpdateAsync(u => u
                        .SetProperty(s => s.Status, to)
                        .SetProperty(s => s.Error, error)
                        .SetProperty(s => s.FinishedAt, now), ct);
            }

            return (true, skips.Select(s => new NewExecutionEvent(ExecutionEvents.StepSkipped, s.StageId,
                new JsonObject { ["reason"] = s.Reason })).ToArray());
        }, cancellationToken);

    /// <summary>Puts steps this runner was running back to pending (pause, shutdown or a failed run); they run again.</summary>
    public Task InterruptAsync(Lease lease, IReadOnlyCollection<string> stageIds, string reason, CancellationToken cancellationToken) =>
        writes.FencedAsync(lease, LeaseUse.Record, async (db, _, ct) =>
        {
            var from = StepStatus.Running;
            var to = Transitions.Steps.To(from, StepTrigger.Interrupt);
            await db.ExecutionSteps.Where(s => s.ExecutionId == lease.JobId && stageIds.Contains(s.StageId) && s.Status == from)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, to), ct);
            return (true, stageIds.Select(id => new NewExecutionEvent(ExecutionEvents.StepInterrupted, id,
                new JsonObject { ["reason"] = reason })).ToArray());
        }, cancellationToken);

    public static string? Truncate(string? text) => text is { Length: > MaxError } ? text[..(MaxError - 3)] + "..." : text;

    /// <summary>
    /// Moves one step from <paramref name="from"/> by <paramref name="trigger"/>, also setting what <paramref name="set"/> sets
    /// (given the unit's time).
    /// </summary>
    private Task<bool> UpdateAsync(
        Lease lease,
        string stageId,
        StepStatus from,
        StepTrigger trigger,
        Action<UpdateSettersBuilder<ExecutionStep>, DateTimeOffset> set,
        string eventType,
        JsonObject? data,
        CancellationToken cancellationToken) =>
        writes.FencedAsync(lease, LeaseUse.Record, async (db, now, ct) =>
        {
            var to = Transitions.Steps.To(from, trigger);
            var changed = await db.ExecutionSteps.Where(s => s.ExecutionId == lease.JobId && s.StageId == stageId && s.Status == from)
                .ExecuteUpdateAsync(u => set(u.SetProperty(s => s.Status, to), now), ct);
            return changed == 1
                ? (true, new[] { new NewExecutionEvent(eventType, stageId, data) })
                : throw new InvalidOperationException(
                    $"Step '{stageId}' of execution '{lease.JobId}' was not {WireName.Of(from)} while this runner held it.");
        }, cancellationToken);
}
