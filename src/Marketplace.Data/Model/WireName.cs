using System.Collections.Frozen;
using System.Text.Json;

namespace Marketplace.Data.Model;

/// <summary>
/// The one text form of an enum value outside the database — JSON, expressions, artifact keys, query filters, metric
/// tags and messages: snake_case (<c>TimedOut</c> → <c>timed_out</c>, <c>McpServer</c> → <c>mcp_server</c>), exactly
/// what the API's <c>JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)</c> writes.
/// </summary>
public static class WireName
{
    /// <summary>The wire name of <paramref name="value"/>.</summary>
    public static string Of<T>(T value) where T : struct, Enum =>
        Names<T>.ByValue.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    /// <summary>Parses a wire name (case-insensitive); numbers and unknown names are refused.</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum =>
        Names<T>.ByName.TryGetValue(text ?? "", out value);

    /// <summary>Every wire name of <typeparamref name="T"/>, comma-separated, for error messages.</summary>
    public static string List<T>() where T : struct, Enum => Names<T>.All;

    private static class Names<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ByValue =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

        public static readonly FrozenDictionary<string, T> ByName =
            ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

        public static readonly string All = string.Join(", ", ByValue.Values);
    }
}
