namespace Marketplace.Workflows.Definitions;

/// <summary>What happens when a stage fails: retries, then <see cref="OnFailure"/>; <see cref="Timeout"/> bounds each attempt.</summary>
public sealed record ErrorPolicy(RetryPolicy Retry, FailureAction OnFailure, TimeSpan? Timeout)
{
    public static readonly ErrorPolicy Default = new(RetryPolicy.None, FailureAction.Halt, null);
}
