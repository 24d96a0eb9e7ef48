namespace Marketplace.Storage;

/// <summary>
/// The one retry-delay shape of the solution: attempt n waits <c>initial × multiplier^(n-1)</c>, capped at
/// <see cref="Max"/>; with <see cref="Jitter"/> the wait is drawn from the upper half of that, so writers that
/// collided spread apart and a retry is never immediate. Never overflows, whatever the inputs.
/// </summary>
public sealed record Backoff(TimeSpan Initial, double Multiplier, TimeSpan Max, bool Jitter = false)
{
    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var ceiling = Math.Min(Max.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(Multiplier, Math.Max(0, attempt - 1)));
        if (double.IsNaN(ceiling) || ceiling <= 0)
        {
            return TimeSpan.Zero;
        }

        var ms = Jitter ? ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2 : ceiling;
        return ms >= TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(ms);
    }
}
