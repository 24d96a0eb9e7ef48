namespace Marketplace.Data.Jobs;

/// <summary>
/// A runner's claim on one leased job (a workflow execution, an import, a scan): every write the runner makes for it
/// is conditional on still holding it (<see cref="LeaseFence"/>).
/// </summary>
public sealed record Lease(Guid JobId, string Owner);
