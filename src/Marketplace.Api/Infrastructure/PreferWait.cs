using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Api.Infrastructure;

/// <summary>
/// RFC 7240's <c>wait</c> preference for requests that start a job: without it the job's state comes back at once as
/// <c>202 Accepted</c> with <c>Location</c>; with <c>Prefer: wait=N</c> the request waits up to N seconds (at most
/// <c>Api:MaxPreferWaitSeconds</c>) and answers <c>200</c> with the finished job, or the <c>202</c> when it is still
/// running. Either way after a wait, <c>Preference-Applied: wait=M</c> names the wait that was applied. As the RFC says, a
/// preference is considered only at its first occurrence, and a malformed or unknown one is ignored, never an error.
/// </summary>
internal static class PreferWait
{
    public const string Header = "Prefer";
    public const string AppliedHeader = "Preference-Applied";

    /// <summary>The seconds of the first <c>wait</c> preference, or null when there is none or it is not a whole number.</summary>
    public static int? Parse(string? prefer)
    {
        // Preferences are comma-separated (several header lines arrive joined by commas); each is token[=value] *(;param).
        foreach (var preference in (prefer ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = preference.Split(';', 2)[0].Split('=', 2, StringSplitOptions.TrimEntries);
            if (!pair[0].Equals("wait", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = pair.Length == 2 ? pair[1].Trim('"') : "";
            return value.Length > 0 && value.All(char.IsAsciiDigit)
                ? int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : int.MaxValue
                : null;
        }

        return null;
    }

    /// <summary>The started job's answer: 202 at once, or after the applied wait 200 when <paramref name="finished"/>, else 202.</summary>
    public static async Task<Results<Ok<T>, Accepted<T>>> AnswerAsync<T>(
        T started, string location, string? prefer, int maxSeconds, Func<TimeSpan, Task<T>> wait, Func<T, bool> finished,
        HttpResponse response)
    {
        if (Parse(prefer) is not { } wanted)
        {
            return TypedResults.Accepted(location, started);
        }

        var applied = Math.Min(wanted, maxSeconds);
        var now = finished(started) ? started : await wait(TimeSpan.FromSeconds(applied));
        response.Headers[AppliedHeader] = $"wait={applied.ToString(CultureInfo.InvariantCulture)}";
        return finished(now) ? TypedResults.Ok(now) : TypedResults.Accepted(location, now);
    }
}
