using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Marketplace.Workflows.Definitions;

/// <summary>YAML nodes as JSON values: plain scalars become null/bool/number when they look like one, quoted ones stay text.</summary>
internal static partial class YamlValues
{
    /// <summary>
    /// Converts a node. Recursive: only for documents <see cref="YamlLoader"/> admitted, whose depth and expanded size
    /// (aliases included) are within the limits and whose aliases form no cycle.
    /// </summary>
    public static JsonNode? ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    obj[(key as YamlScalarNode)?.Value ?? key.ToString()] = ToJson(value);
                }

                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                foreach (var item in seq.Children)
                {
                    array.Add(ToJson(item));
                }

                return array;
            case YamlScalarNode { Style: ScalarStyle.Plain, Value: var text }:
                return Plain(text);
            case YamlScalarNode scalar:
                return JsonValue.Create(scalar.Value ?? "");
            default:
                return null;
        }
    }

    private static JsonValue? Plain(string? text) => text switch
    {
        null or "" or "~" or "null" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        // Parsed as JSON text, so a handler can read the number as int, long or double alike (as for numbers sent over HTTP).
        _ when Integer().IsMatch(text) || Number().IsMatch(text) => (JsonValue)JsonNode.Parse(text)!,
        _ => JsonValue.Create(text),
    };

    // JSON's shape of a number: no leading zeros (YAML 1.1 would read 007 as octal, 1.2 as 7 — text says neither wrongly).
    [GeneratedRegex(@"^-?(0|[1-9]\d{0,17})$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^-?(0|[1-9]\d*)\.\d+([eE][-+]?\d+)?$")]
    private static partial Regex Number();
}
