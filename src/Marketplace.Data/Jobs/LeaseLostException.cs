namespace Marketplace.Data.Jobs;

/// <summary>
/// The runner no longer holds the job: its lease lapsed and was taken over, or the job was paused or cancelled.
/// Nothing of the write that found out was committed.
/// </summary>
public sealed class LeaseLostException(Guid jobId)
    : Exception($"This runner no longer holds '{jobId}'.")
{
    public Guid JobId { get; } = jobId;
}
