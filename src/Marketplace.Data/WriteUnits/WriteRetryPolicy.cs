using Marketplace.Data.Options;
using Marketplace.Storage;

namespace Marketplace.Data.WriteUnits;

/// <summary>
/// How many times a write unit runs before its caller hears that the database stayed busy, and how long it waits between
/// runs; both providers' execution strategies take their budget and delays from here.
/// </summary>
internal sealed record WriteRetryPolicy(int Attempts, Backoff Backoff)
{
    /// <summary><c>Database:WriteRetry*</c>: doubling, jittered waits from the initial delay up to the maximum.</summary>
    public static WriteRetryPolicy From(DatabaseOptions options) => new(
        options.WriteRetryAttempts,
        new Backoff(TimeSpan.FromMilliseconds(options.WriteRetryInitialDelayMs), 2,
            TimeSpan.FromMilliseconds(options.WriteRetryMaxDelayMs), Jitter: true));

    /// <summary>Retries after the first run (what EF Core's strategies call the maximum retry count).</summary>
    public int MaxRetries => Attempts - 1;

    /// <summary>The wait before the next run once <paramref name="failures"/> runs failed; null when the budget is spent.</summary>
    public TimeSpan? DelayAfter(int failures) => failures < Attempts ? Backoff.DelayAfter(failures) : null;
}
