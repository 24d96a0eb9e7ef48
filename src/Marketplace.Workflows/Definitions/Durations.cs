using System.Globalization;
using System.Text.RegularExpressions;

namespace Marketplace.Workflows.Definitions;

/// <summary>Durations as written in definitions: a number and a unit — <c>500ms</c>, <c>30s</c>, <c>10m</c>, <c>24h</c>, <c>7d</c>.</summary>
public static partial class Durations
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        var match = text is null ? Match.Empty : Pattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        value = match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "s" => TimeSpan.FromSeconds(number),
            "m" => TimeSpan.FromMinutes(number),
            "h" => TimeSpan.FromHours(number),
            _ => TimeSpan.FromDays(number),
        };
        return value <= TimeSpan.FromDays(365);
    }

    [GeneratedRegex(@"^(\d{1,9}(?:\.\d{1,3})?)(ms|s|m|h|d)$")]
    private static partial Regex Pattern();
}
