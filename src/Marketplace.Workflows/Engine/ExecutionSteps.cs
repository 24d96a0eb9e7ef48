using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Workflows.Engine.States;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Workflows.Engine;

/// <summary>Step changes shared by the runner and the API's control, for use inside a write unit.</summary>
internal static class ExecutionSteps
{
    private static readonly StepStatus[] Unfinished = Transitions.Steps.From(StepTrigger.Cancel);
    private static readonly StepStatus Cancelled = Transitions.Steps.To(StepTrigger.Cancel);

    /// <summary>Every step not yet finished is cancelled: the execution is ending (cancel, failure or completion).</summary>
    public static Task<int> CancelUnfinishedAsync(MarketplaceDbContext db, Guid executionId, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        db.ExecutionSteps.Where(s => s.ExecutionId == executionId && Unfinished.Contains(s.Status))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, Cancelled).SetProperty(s => s.FinishedAt, now), cancellationToken);
}
