using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Workflows.Engine.States;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// <c>workflow_executions</c> as leased jobs. Claimable: no live lease, in a state <see cref="ExecutionTrigger.Claim"/>
/// applies to, and due — a parked execution at its gate deadline, one backing off after a failed run at its wake time.
/// </summary>
internal sealed class ExecutionLeases : ILeasedJobs
{
    private static readonly ExecutionStatus[] Claimable = Transitions.Executions.From(ExecutionTrigger.Claim);
    private static readonly ExecutionStatus[] Working = [ExecutionStatus.Running];
    private static readonly ExecutionStatus[] Recording = [ExecutionStatus.Running, ExecutionStatus.Paused];

    public Task<bool> AnyClaimableAsync(MarketplaceDbContext db, DateTimeOffset now, IReadOnlyCollection<Guid> except,
        CancellationToken cancellationToken) =>
        Due(db, now).Where(e => !except.Contains(e.Id)).AnyAsync(cancellationToken);

    public async Task<Guid?> NextClaimableAsync(
        MarketplaceDbContext db, DateTimeOffset now, IReadOnlyCollection<Guid> except, CancellationToken cancellationToken) =>
        await Due(db, now).Where(e => !except.Contains(e.Id)).OrderBy(e => e.CreatedAt).Select(e => (Guid?)e.Id)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<bool> TakeAsync(MarketplaceDbContext db, Guid jobId, string owner, DateTimeOffset now, DateTimeOffset until,
        CancellationToken cancellationToken)
    {
        // Conditional on still being claimable: on a multi-writer database another runner may have won it.
        var running = Transitions.Executions.To(ExecutionTrigger.Claim);
        return await Due(db, now).Where(e => e.Id == jobId).ExecuteUpdateAsync(u => u
            .SetProperty(e => e.LeaseOwner, owner)
            .SetProperty(e => e.LeaseExpiresAt, until)
            .SetProperty(e => e.Status, running)
            .SetProperty(e => e.StartedAt, e => e.StartedAt ?? now)
            .SetProperty(e => e.WakeAt, (DateTimeOffset?)null), cancellationToken) == 1;
    }

    public async Task<bool> RenewAsync(MarketplaceDbContext db, Lease lease, LeaseUse use, DateTimeOffset until,
        CancellationToken cancellationToken)
    {
        var allowed = use == LeaseUse.Work ? Working : Recording;
        return await db.WorkflowExecutions
            .Where(e => e.Id == lease.JobId && e.LeaseOwner == lease.Owner && allowed.Contains(e.Status))
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.LeaseExpiresAt, until), cancellationToken) == 1;
    }

    public Task ReleaseAsync(MarketplaceDbContext db, Lease lease, CancellationToken cancellationToken) =>
        db.WorkflowExecutions.Where(e => e.Id == lease.JobId && e.LeaseOwner == lease.Owner).ExecuteUpdateAsync(u => u
            .SetProperty(e => e.LeaseOwner, (string?)null)
            .SetProperty(e => e.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);

    private static IQueryable<WorkflowExecution> Due(MarketplaceDbContext db, DateTimeOffset now) =>
        db.WorkflowExecutions.Where(e =>
            (e.LeaseOwner == null || e.LeaseExpiresAt < now)
            && Claimable.Contains(e.Status)
            // A parked execution waits for a decision (no wake time) or its gate deadline; others for a back-off, if any.
            && (e.WakeAt <= now || (e.WakeAt == null && e.Status != ExecutionStatus.Waiting)));
}
