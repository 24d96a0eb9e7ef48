using System.Globalization;
using System.Text.RegularExpressions;

namespace Marketplace.Workflows.Definitions;

/// <summary>
/// Durations as written in definitions: a number and a unit — <c>500ms</c>, <c>30s</c>, <c>10m</c>, <c>24h</c>, <c>7d</c>.
/// </summary>
public static partial class Durations
{
    /// <summary>
    /// The longest timeout, retry interval or delay: these become .NET timers, which take at most about 49.7 days
    /// (<c>uint.MaxValue - 1</c> ms); a longer one throws where it is armed, at run time. 30 days stays well under.
    /// </summary>
    public static readonly TimeSpan MaxTimer = TimeSpan.FromDays(30);

    /// <summary>The longest gate timeout: a deadline stored with the step, never a timer.</summary>
    public static readonly TimeSpan MaxDeadline = TimeSpan.FromDays(365);

    /// <summary>Parses a duration of at most <see cref="MaxDeadline"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan value) => TryParse(text, MaxDeadline, out value);

    /// <summary>Parses a duration of at most <paramref name="max"/>; any number of digits is refused, never an overflow.</summary>
    public static bool TryParse(string? text, TimeSpan max, out TimeSpan value)
    {
        value = default;
        var match = text is null ? Match.Empty : Pattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        // At most 999 999 999.999 days, about 8.6e16 ms: a double holds it, and the range is checked before a TimeSpan exists.
        var milliseconds = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * match.Groups[2].Value switch
        {
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            _ => 86_400_000,
        };
        if (milliseconds > max.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    /// <summary>How a duration up to <paramref name="max"/> is written, for messages.</summary>
    public static string Describe(TimeSpan max) =>
        $"a positive number and a unit: 500ms, 30s, 10m, 24h, 7d (at most {max.TotalDays.ToString(CultureInfo.InvariantCulture)}d)";

    [GeneratedRegex(@"^(\d{1,9}(?:\.\d{1,3})?)(ms|s|m|h|d)$")]
    private static partial Regex Pattern();
}
