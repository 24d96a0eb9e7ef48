namespace Marketplace.Workflows.Diagnostics;

/// <summary>
/// Lets one log line of a kind through per window and counts the ones it holds back, so an error that repeats on every
/// poll (a database that is down) or in every execution (one bad deploy) writes a line now and then, not a flood.
/// </summary>
internal sealed class LogThrottle(TimeProvider time)
{
    /// <summary>One line per kind per minute: often enough to see a problem persists, rare enough to read.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Kinds remembered at most; past it the expired ones are forgotten (a kind names an error, not a record).</summary>
    private const int MaxKinds = 256;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DateTimeOffset Until, int Held)> _kinds = new(StringComparer.Ordinal);

    /// <summary>
    /// True when a line of <paramref name="kind"/> may be written now;
    /// <paramref name="held"/> is how many were held back before it.
    /// </summary>
    public bool TryPass(string kind, out int held)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_kinds.TryGetValue(kind, out var open) && open.Until > now)
            {
                _kinds[kind] = (open.Until, open.Held + 1);
                held = 0;
                return false;
            }

            if (_kinds.Count >= MaxKinds)
            {
                foreach (var expired in _kinds.Where(k => k.Value.Until <= now).Select(k => k.Key).ToList())
                {
                    _kinds.Remove(expired);
                }
            }

            held = open.Held;
            if (_kinds.Count < MaxKinds || _kinds.ContainsKey(kind))
            {
                _kinds[kind] = (now + Window, 0);
            }

            return true;
        }
    }
}
