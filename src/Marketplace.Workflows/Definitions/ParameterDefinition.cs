using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Definitions;

/// <summary>A declared workflow parameter: <c>string | number | integer | boolean | array | object</c>.</summary>
public sealed record ParameterDefinition(string Type, bool Required, JsonNode? Default)
{
    public static readonly IReadOnlyList<string> Types = ["string", "number", "integer", "boolean", "array", "object"];

    /// <summary>The largest integer a double — and so every JSON reader — holds exactly: 2^53 - 1.</summary>
    public const double MaxInteger = 9_007_199_254_740_991;

    public bool Accepts(JsonNode? value) => value switch
    {
        null => false,
        JsonArray => Type == "array",
        JsonObject => Type == "object",
        JsonValue v => Type switch
        {
            "string" => v.TryGetValue<string>(out _),
            "boolean" => v.TryGetValue<bool>(out _),
            // A JSON number too large for a double reads as infinity: not a number anything downstream can use.
            "number" => v.TryGetValue<double>(out var n) && double.IsFinite(n),
            "integer" => v.TryGetValue<double>(out var d) && Math.Abs(d) <= MaxInteger && d == Math.Floor(d),
            _ => false,
        },
        _ => false,
    };

    /// <summary>What <see cref="Accepts"/> wants, for messages.</summary>
    public string Describe() => Type switch
    {
        "number" => "a finite number",
        "integer" => "a whole number from -9007199254740991 to 9007199254740991",
        "array" or "object" => $"an {Type}",
        _ => $"a {Type}",
    };
}
