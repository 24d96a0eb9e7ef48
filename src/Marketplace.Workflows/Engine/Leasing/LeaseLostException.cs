namespace Marketplace.Workflows.Engine.Leasing;

/// <summary>The runner no longer holds the job (its lease lapsed and was taken over, or the job was paused or cancelled).</summary>
internal sealed class LeaseLostException(Guid jobId)
    : Exception($"This runner no longer holds '{jobId}'.");
