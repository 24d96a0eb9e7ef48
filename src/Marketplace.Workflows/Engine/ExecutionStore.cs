using System.Diagnostics;
using System.Text.Json.Nodes;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Marketplace.Workflows.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// The runner's reads and writes. Each transition is one short write unit that first renews the lease with a
/// conditional update (<c>… where lease_owner = me and status = running</c>): a runner that lost its claim writes
/// nothing and gets <see cref="LeaseLostException"/>. Every unit appends its events and wakes local listeners.
/// </summary>
internal sealed class ExecutionStore(
    IDbContextFactory<MarketplaceDbContext> contexts,
    IWriteUnitRunner writes,
    IOptions<WorkflowOptions> options,
    ExecutionSignals signals,
    WorkflowMetrics metrics,
    TimeProvider time)
{
    public async Task<ClaimedExecution?> ClaimNextAsync(string owner, CancellationToken cancellationToken)
    {
        // An idle runner polls: look with a plain read first, so polling never takes the write lock.
        await using (var read = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (!await Claimable(read, time.GetUtcNow()).AnyAsync(cancellationToken))
            {
                return null;
            }
        }

        var claimed = await TransitionAsync(async (db, now, ct) =>
        {
            var candidate = await Claimable(db, now).OrderBy(e => e.CreatedAt)
                .Select(e => new { e.Id, e.StartedAt, e.Definition, e.DefinitionHash, e.Parameters })
                .FirstOrDefaultAsync(ct);
            if (candidate is null)
            {
                return null;
            }

            // Conditional on still being claimable: on a multi-writer database another runner may have won it.
            var won = await Claimable(db, now).Where(e => e.Id == candidate.Id).ExecuteUpdateAsync(u => u
                .SetProperty(e => e.LeaseOwner, owner)
                .SetProperty(e => e.LeaseExpiresAt, now + options.Value.LeaseDuration)
                .SetProperty(e => e.Status, ExecutionStatus.Running)
                .SetProperty(e => e.StartedAt, e => e.StartedAt ?? now)
                .SetProperty(e => e.WakeAt, (DateTimeOffset?)null), ct);
            if (won == 0)
            {
                return null;
            }

            // Steps left running by a runner that died were never finished: they run again (attempt counts on).
            var orphans = await db.ExecutionSteps.Where(s => s.ExecutionId == candidate.Id && s.Status == StepStatus.Running).Select(s => s.StageId).ToListAsync(ct);
            if (orphans.Count > 0)
            {
                await db.ExecutionSteps.Where(s => s.ExecutionId == candidate.Id && s.Status == StepStatus.Running)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, StepStatus.Pending), ct);
            }

            var data = new JsonObject { ["runner"] = owner };
            var events = orphans.Select(o => (ExecutionEvents.StepInterrupted, (string?)o, (JsonObject?)new JsonObject { ["reason"] = "runner lost its lease" }))
                .Prepend((candidate.StartedAt is null ? ExecutionEvents.Started : ExecutionEvents.Claimed, null, data));
            await ExecutionEvents.AppendAsync(db, candidate.Id, now, ct, [.. events]);
            return new ClaimedExecution(new Lease(candidate.Id, owner), candidate.Definition, candidate.DefinitionHash, candidate.Parameters);
        }, cancellationToken);
        if (claimed is not null)
        {
            signals.EventsAppended(claimed.Lease.ExecutionId);
        }

        return claimed;
    }

    public async Task<ExecutionState?> ReadAsync(Guid executionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var execution = await db.WorkflowExecutions.AsNoTracking().Where(e => e.Id == executionId)
            .Select(e => new { e.Status, e.LeaseOwner }).FirstOrDefaultAsync(cancellationToken);
        if (execution is null)
        {
            return null;
        }

        var steps = await db.ExecutionSteps.AsNoTracking().Where(s => s.ExecutionId == executionId)
            .ToDictionaryAsync(s => s.StageId, s => new StepState(s.Status, s.Error, s.StartedAt, s.Outputs), StringComparer.Ordinal, cancellationToken);
        return new ExecutionState(execution.Status, execution.LeaseOwner, steps);
    }

    /// <summary>The heartbeat: renews the lease while this runner holds the execution (also while it winds down a pause).</summary>
    public Task RenewAsync(Lease lease, CancellationToken cancellationToken) =>
        FencedAsync(lease, allowPaused: true, (_, _, _) => Task.FromResult((true, Array.Empty<(string, string?, JsonObject?)>())), cancellationToken);

    public Task<int> StartStepAsync(Lease lease, string stageId, JsonObject inputs, CancellationToken cancellationToken) =>
        FencedAsync(lease, allowPaused: false, async (db, now, ct) =>
        {
            var step = await db.ExecutionSteps.SingleAsync(s => s.ExecutionId == lease.ExecutionId && s.StageId == stageId && s.Status == StepStatus.Pending, ct);
            step.Status = StepStatus.Running;
            step.Attempt++;
            step.StartedAt = now;
            step.Inputs = inputs.ToJsonString();
            step.Error = null;
            return (step.Attempt, Events((ExecutionEvents.StepStarted, stageId, new JsonObject { ["attempt"] = step.Attempt, ["runner"] = lease.Owner })));
        }, cancellationToken);

    // Outcomes of work that already ran are recorded even if a pause arrived meanwhile: they are facts, and the
    // execution continues from them on resume. Only starting work needs the execution to be running.
    public Task RetryStepAsync(Lease lease, string stageId, int nextAttempt, string error, TimeSpan delay, CancellationToken cancellationToken) =>
        UpdateStepAsync(lease, stageId, StepStatus.Running, allowPaused: true,
            u => u.SetProperty(s => s.Attempt, nextAttempt).SetProperty(s => s.Error, Truncate(error)),
            (ExecutionEvents.StepRetrying, new JsonObject { ["nextAttempt"] = nextAttempt, ["delayMs"] = delay.TotalMilliseconds, ["error"] = Truncate(error) }),
            cancellationToken);

    public Task CompleteStepAsync(Lease lease, string stageId, JsonNode? outputs, bool fromCache, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var json = outputs?.ToJsonString();
        metrics.StepFinished(StepStatus.Completed);
        return UpdateStepAsync(lease, stageId, StepStatus.Running, allowPaused: true,
            u => u.SetProperty(s => s.Status, StepStatus.Completed).SetProperty(s => s.Outputs, json).SetProperty(s => s.FinishedAt, now).SetProperty(s => s.Error, (string?)null),
            (ExecutionEvents.StepCompleted, fromCache ? new JsonObject { ["fromCache"] = true } : null),
            cancellationToken);
    }

    public Task FailStepAsync(Lease lease, string stageId, bool timedOut, string error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var status = timedOut ? StepStatus.TimedOut : StepStatus.Failed;
        metrics.StepFinished(status);
        return UpdateStepAsync(lease, stageId, StepStatus.Running, allowPaused: true,
            u => u.SetProperty(s => s.Status, status).SetProperty(s => s.Error, Truncate(error)).SetProperty(s => s.FinishedAt, now),
            (timedOut ? ExecutionEvents.StepTimedOut : ExecutionEvents.StepFailed, new JsonObject { ["error"] = Truncate(error) }),
            cancellationToken);
    }

    public Task AwaitApprovalAsync(Lease lease, string stageId, CancellationToken cancellationToken) =>
        UpdateStepAsync(lease, stageId, StepStatus.Running, allowPaused: true,
            u => u.SetProperty(s => s.Status, StepStatus.WaitingForApproval),
            (ExecutionEvents.GateWaiting, null),
            cancellationToken);

    /// <summary>A gate's deadline passed without a decision. False when the API decided first.</summary>
    public Task<bool> TimeOutGateAsync(Lease lease, string stageId, bool approve, CancellationToken cancellationToken) =>
        FencedAsync(lease, allowPaused: false, async (db, now, ct) =>
        {
            var changed = await db.ExecutionSteps.Where(s => s.ExecutionId == lease.ExecutionId && s.StageId == stageId && s.Status == StepStatus.WaitingForApproval)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.Status, approve ? StepStatus.Completed : StepStatus.TimedOut)
                    .SetProperty(s => s.Error, approve ? null : "The gate timed out without a decision.")
                    .SetProperty(s => s.Outputs, approve ? """{"approved":true,"by":"timeout"}""" : null)
                    .SetProperty(s => s.FinishedAt, now), ct);
            return (changed == 1, changed == 1
                ? Events((approve ? ExecutionEvents.GateApproved : ExecutionEvents.StepTimedOut, stageId, new JsonObject { ["reason"] = "gate timeout" }))
                : []);
        }, cancellationToken);

    public Task SkipStepsAsync(Lease lease, IReadOnlyList<(string StageId, string? Error, string Reason)> skips, CancellationToken cancellationToken) =>
        FencedAsync(lease, allowPaused: false, async (db, now, ct) =>
        {
            foreach (var (stageId, error, _) in skips)
            {
                await db.ExecutionSteps.Where(s => s.ExecutionId == lease.ExecutionId && s.StageId == stageId && s.Status == StepStatus.Pending)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, StepStatus.Skipped).SetProperty(s => s.Error, error).SetProperty(s => s.FinishedAt, now), ct);
            }

            return (true, Events([.. skips.Select(s => (ExecutionEvents.StepSkipped, (string?)s.StageId, (JsonObject?)new JsonObject { ["reason"] = s.Reason }))]));
        }, cancellationToken);

    /// <summary>Puts steps this runner was running back to pending (pause or shutdown); they run again on resume.</summary>
    public Task InterruptStepsAsync(Lease lease, IReadOnlyCollection<string> stageIds, string reason, CancellationToken cancellationToken) =>
        FencedAsync(lease, allowPaused: true, async (db, _, ct) =>
        {
            await db.ExecutionSteps.Where(s => s.ExecutionId == lease.ExecutionId && stageIds.Contains(s.StageId) && s.Status == StepStatus.Running)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, StepStatus.Pending), ct);
            return (true, Events([.. stageIds.Select(id => (ExecutionEvents.StepInterrupted, (string?)id, (JsonObject?)new JsonObject { ["reason"] = reason }))]));
        }, cancellationToken);

    /// <summary>
    /// Releases the execution to wait for gate decisions with no thread held; <paramref name="wakeAt"/> is the earliest
    /// gate deadline. Refused (false) when, inside the unit, the fresh steps say there is work after all.
    /// </summary>
    public Task<bool> ParkAsync(Lease lease, Func<IReadOnlyDictionary<string, StepState>, bool> stillWaiting, DateTimeOffset? wakeAt, CancellationToken cancellationToken) =>
        FencedAsync(lease, allowPaused: false, async (db, _, ct) =>
        {
            var steps = await db.ExecutionSteps.AsNoTracking().Where(s => s.ExecutionId == lease.ExecutionId)
                .ToDictionaryAsync(s => s.StageId, s => new StepState(s.Status, s.Error, s.StartedAt, s.Outputs), StringComparer.Ordinal, ct);
            if (!stillWaiting(steps))
            {
                return (false, []);
            }

            await db.WorkflowExecutions.Where(e => e.Id == lease.ExecutionId).ExecuteUpdateAsync(u => u
                .SetProperty(e => e.Status, ExecutionStatus.Waiting)
                .SetProperty(e => e.WakeAt, wakeAt)
                .SetProperty(e => e.LeaseOwner, (string?)null)
                .SetProperty(e => e.LeaseExpiresAt, (DateTimeOffset?)null), ct);
            return (true, Events((ExecutionEvents.Waiting, null, wakeAt is null ? null : new JsonObject { ["wakeAt"] = wakeAt.Value.ToString("O") })));
        }, cancellationToken);

    /// <summary>Ends the execution: steps not finished are cancelled, the terminal event is the last one, the lease is released.</summary>
    public Task FinishAsync(Lease lease, ExecutionStatus status, string? error, CancellationToken cancellationToken)
    {
        metrics.ExecutionFinished(status);
        return FencedAsync(lease, allowPaused: false, async (db, now, ct) =>
        {
            await ExecutionSteps.CancelUnfinishedAsync(db, lease.ExecutionId, now, ct);
            await db.WorkflowExecutions.Where(e => e.Id == lease.ExecutionId).ExecuteUpdateAsync(u => u
                .SetProperty(e => e.Status, status)
                .SetProperty(e => e.Error, Truncate(error))
                .SetProperty(e => e.FinishedAt, now)
                .SetProperty(e => e.LeaseOwner, (string?)null)
                .SetProperty(e => e.LeaseExpiresAt, (DateTimeOffset?)null), ct);
            var type = status == ExecutionStatus.Completed ? ExecutionEvents.Completed : ExecutionEvents.Failed;
            return (true, Events((type, null, error is null ? null : new JsonObject { ["error"] = Truncate(error) })));
        }, cancellationToken);
    }

    /// <summary>Gives the execution back (whatever its status) so another runner, or this one later, can claim it.</summary>
    public async Task ReleaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        await writes.RunAsync((db, ct) => db.WorkflowExecutions.Where(e => e.Id == lease.ExecutionId && e.LeaseOwner == lease.Owner)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.LeaseOwner, (string?)null).SetProperty(e => e.LeaseExpiresAt, (DateTimeOffset?)null), ct), cancellationToken);
        signals.EventsAppended(lease.ExecutionId);
        signals.WorkAvailable();
    }

    private static IQueryable<WorkflowExecution> Claimable(MarketplaceDbContext db, DateTimeOffset now) =>
        db.WorkflowExecutions.Where(e =>
            (e.LeaseOwner == null || e.LeaseExpiresAt < now)
            && (e.Status == ExecutionStatus.Pending || e.Status == ExecutionStatus.Running || (e.Status == ExecutionStatus.Waiting && e.WakeAt <= now)));

    private Task<bool> UpdateStepAsync(
        Lease lease,
        string stageId,
        StepStatus from,
        bool allowPaused,
        Action<UpdateSettersBuilder<ExecutionStep>> set,
        (string Type, JsonObject? Data) @event,
        CancellationToken cancellationToken) =>
        FencedAsync(lease, allowPaused, async (db, _, ct) =>
        {
            var changed = await db.ExecutionSteps.Where(s => s.ExecutionId == lease.ExecutionId && s.StageId == stageId && s.Status == from).ExecuteUpdateAsync(set, ct);
            return changed == 1
                ? (true, Events((@event.Type, stageId, @event.Data)))
                : throw new InvalidOperationException($"Step '{stageId}' of execution '{lease.ExecutionId}' was not {from} while this runner held it.");
        }, cancellationToken);

    private async Task<T> FencedAsync<T>(Lease lease, bool allowPaused, Func<MarketplaceDbContext, DateTimeOffset, CancellationToken, Task<(T Value, (string, string?, JsonObject?)[] Events)>> change, CancellationToken cancellationToken)
    {
        var result = await TransitionAsync(async (db, now, ct) =>
        {
            var held = await db.WorkflowExecutions
                .Where(e => e.Id == lease.ExecutionId && e.LeaseOwner == lease.Owner
                    && (e.Status == ExecutionStatus.Running || (allowPaused && e.Status == ExecutionStatus.Paused)))
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.LeaseExpiresAt, now + options.Value.LeaseDuration), ct);
            if (held == 0)
            {
                throw new LeaseLostException(lease.ExecutionId);
            }

            var (value, events) = await change(db, now, ct);
            if (events.Length > 0)
            {
                await ExecutionEvents.AppendAsync(db, lease.ExecutionId, now, ct, events);
            }

            return value;
        }, cancellationToken);
        signals.EventsAppended(lease.ExecutionId);
        return result;
    }

    private async Task<T> TransitionAsync<T>(Func<MarketplaceDbContext, DateTimeOffset, CancellationToken, Task<T>> unit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await writes.RunAsync((db, ct) => unit(db, time.GetUtcNow(), ct), cancellationToken);
        metrics.Transition(Stopwatch.GetElapsedTime(started));
        return result;
    }

    private static (string, string?, JsonObject?)[] Events(params (string, string?, JsonObject?)[] events) => events;

    private static string? Truncate(string? text) => text is { Length: > 4000 } ? text[..3997] + "..." : text;
}
