using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Definitions;

/// <summary>A declared workflow parameter: <c>string | number | integer | boolean | array | object</c>.</summary>
public sealed record ParameterDefinition(string Type, bool Required, JsonNode? Default)
{
    public static readonly IReadOnlyList<string> Types = ["string", "number", "integer", "boolean", "array", "object"];

    public bool Accepts(JsonNode? value) => value switch
    {
        null => false,
        JsonArray => Type == "array",
        JsonObject => Type == "object",
        JsonValue v => Type switch
        {
            "string" => v.TryGetValue<string>(out _),
            "boolean" => v.TryGetValue<bool>(out _),
            "number" => v.TryGetValue<double>(out _),
            "integer" => v.TryGetValue<double>(out var d) && Math.Abs(d % 1) < double.Epsilon,
            _ => false,
        },
        _ => false,
    };
}
