namespace Marketplace.Workflows.Engine;

/// <summary>A runner's claim on an execution: every write the runner makes for it is conditional on still holding it.</summary>
internal sealed record Lease(Guid ExecutionId, string Owner);
