namespace Marketplace.Data.Jobs;

/// <summary>
/// A job a runner has just claimed, and its run: <see cref="Run"/> drives it until it ends, gives it back or loses it,
/// and never throws (a failed run is recorded on the job); its token is the runner's shutdown.
/// </summary>
public sealed record ClaimedJob(Lease Lease, Func<CancellationToken, Task> Run);
