using Marketplace.Storage;

namespace Marketplace.Workflows.Definitions;

/// <summary>
/// A stage's retries: up to <see cref="MaxAttempts"/> attempts, attempt n waiting <c>initial × multiplier^(n-1)</c>,
/// capped at <see cref="MaxInterval"/> — the solution's one retry-delay shape, <see cref="Backoff"/> (without jitter:
/// a stage's retries are its own, not writers colliding, and the waits are shown as they were written).
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan InitialInterval, double BackoffMultiplier, TimeSpan MaxInterval)
{
    public static readonly RetryPolicy None = new(1, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30));

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt) => new Backoff(InitialInterval, BackoffMultiplier, MaxInterval).DelayAfter(attempt);
}
