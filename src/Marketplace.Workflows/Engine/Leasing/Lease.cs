namespace Marketplace.Workflows.Engine.Leasing;

/// <summary>
/// A runner's claim on a job (an execution today): every write the runner makes for it is conditional on still holding it.
/// </summary>
internal sealed record Lease(Guid JobId, string Owner);
