using System.Text.Json.Nodes;
using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Workflows.Engine.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// Claims the next execution (<see cref="LeaseClaims"/> over <see cref="ExecutionLeases"/>) and, in the same unit,
/// puts back steps a dead runner left <c>running</c> (they run again; the attempt counts on) and appends
/// <c>execution_started</c> — or <c>execution_claimed</c> for a takeover, a resume or a woken gate.
/// </summary>
internal sealed class ExecutionClaims(LeaseClaims claims, ExecutionLeases leases, JobSignals signals,
    IOptions<WorkflowOptions> options)
{
    private static readonly StepStatus Running = StepStatus.Running;
    private static readonly StepStatus Interrupted = Transitions.Steps.To(StepStatus.Running, StepTrigger.Interrupt);

    /// <summary>The oldest claimable execution but <paramref name="except"/> (those the caller drives already), or null.</summary>
    public async Task<ClaimedExecution?> ClaimNextAsync(string owner, IReadOnlyCollection<Guid> except, CancellationToken cancellationToken)
    {
        var claimed = await claims.ClaimNextAsync(leases, owner, options.Value.LeaseDuration, except, ClaimedAsync, cancellationToken);
        if (claimed is not null)
        {
            signals.EventsAppended(claimed.Lease.JobId);
        }

        return claimed;
    }

    private static async Task<ClaimedExecution> ClaimedAsync(MarketplaceDbContext db, Lease lease, DateTimeOffset now, CancellationToken ct)
    {
        var id = lease.JobId;
        var snapshot = await db.WorkflowExecutions.Where(e => e.Id == id)
            .Select(e => new { e.Definition, e.DefinitionHash, e.Parameters }).SingleAsync(ct);
        var first = !await db.ExecutionEvents.AnyAsync(e => e.ExecutionId == id && e.Type == ExecutionEvents.Started, ct);
        var orphans = await db.ExecutionSteps.Where(s => s.ExecutionId == id && s.Status == Running).Select(s => s.StageId).ToListAsync(ct);
        if (orphans.Count > 0)
        {
            await db.ExecutionSteps.Where(s => s.ExecutionId == id && s.Status == Running)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, Interrupted), ct);
        }

        var events = orphans
            .Select(o => new NewExecutionEvent(ExecutionEvents.StepInterrupted, o, new JsonObject { ["reason"] = "runner lost its lease" }))
            .Prepend(new NewExecutionEvent(first ? ExecutionEvents.Started : ExecutionEvents.Claimed, null,
                new JsonObject { ["runner"] = lease.Owner }));
        await ExecutionEvents.AppendAsync(db, id, now, ct, [.. events]);
        return new ClaimedExecution(lease, snapshot.Definition, snapshot.DefinitionHash, snapshot.Parameters);
    }
}
