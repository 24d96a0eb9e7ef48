using Marketplace.Data;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Workflows.Engine;

/// <summary>Step changes shared by the runner and the API's control, for use inside a write unit.</summary>
internal static class ExecutionSteps
{
    /// <summary>Every step not yet finished becomes <c>cancelled</c>: the execution is ending (cancel, failure or completion).</summary>
    public static Task<int> CancelUnfinishedAsync(MarketplaceDbContext db, Guid executionId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ExecutionSteps.Where(s => s.ExecutionId == executionId && (s.Status == StepStatus.Pending || s.Status == StepStatus.Running || s.Status == StepStatus.WaitingForApproval))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, StepStatus.Cancelled).SetProperty(s => s.FinishedAt, now), cancellationToken);
}
