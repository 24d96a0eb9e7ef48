namespace Marketplace.Workflows.Definitions;

/// <summary>Retries with exponential backoff: attempt n waits <c>initial × multiplier^(n-1)</c>, capped.</summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan InitialInterval, double BackoffMultiplier, TimeSpan MaxInterval)
{
    public static readonly RetryPolicy None = new(1, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30));

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var ms = InitialInterval.TotalMilliseconds * Math.Pow(BackoffMultiplier, attempt - 1);
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxInterval.TotalMilliseconds));
    }
}
