namespace Marketplace.Workflows.Engine;

/// <summary>The runner no longer holds the execution (lease lapsed and taken over, or the execution was paused or cancelled).</summary>
internal sealed class LeaseLostException(Guid executionId)
    : Exception($"This runner no longer holds execution '{executionId}'.");
