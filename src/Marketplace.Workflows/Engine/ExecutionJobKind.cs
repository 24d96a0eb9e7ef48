using Marketplace.Data.Jobs;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// Workflow executions as a job kind of the runner: claimed by <see cref="ExecutionClaims"/>, run by
/// <see cref="ExecutionProcessor"/>.
/// </summary>
internal sealed class ExecutionJobKind(ExecutionClaims claims, ExecutionProcessor processor) : IJobKind
{
    public string Name => JobKinds.Execution;

    public async Task<ClaimedJob?> ClaimNextAsync(string owner, IReadOnlyCollection<Guid> except, CancellationToken cancellationToken) =>
        await claims.ClaimNextAsync(owner, except, cancellationToken) is { } claimed
            ? new ClaimedJob(claimed.Lease, stopping => processor.RunAsync(claimed, stopping))
            : null;
}
