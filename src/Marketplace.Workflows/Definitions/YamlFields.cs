using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Marketplace.Workflows.Definitions;

/// <summary>
/// Reading typed fields out of YAML mappings for <see cref="WorkflowParser"/>: each reader reports a problem under the
/// field's path and returns null instead of throwing, so one pass finds every problem in a document.
/// </summary>
internal static class YamlFields
{
    public static void Keys(YamlMappingNode? map, string path, DefinitionErrors errors, params string[] allowed)
    {
        foreach (var key in map?.Children.Keys ?? [])
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name))
            {
                errors.Add(path.Length == 0 ? name : $"{path}.{name}", $"Unknown field '{name}'; expected one of {string.Join(", ", allowed)}.");
            }
        }
    }

    public static YamlMappingNode? Map(YamlMappingNode? map, string key, string path, DefinitionErrors errors, bool required)
    {
        if (map is null || !map.Children.TryGetValue(new YamlScalarNode(key), out var node) || node is YamlScalarNode { Value: null or "" })
        {
            if (required)
            {
                errors.Add(path, $"'{key}' is required.");
            }

            return null;
        }

        if (node is YamlMappingNode m)
        {
            return m;
        }

        errors.Add(path, $"'{key}' must be a mapping.");
        return null;
    }

    public static string? Text(YamlMappingNode? map, string key, string path, DefinitionErrors errors, bool required, Regex? pattern = null, string? patternHint = null, int maxLength = 4000)
    {
        if (map is null || !map.Children.TryGetValue(new YamlScalarNode(key), out var node) || node is YamlScalarNode { Value: null or "" })
        {
            if (required)
            {
                errors.Add(path, $"'{key}' is required.");
            }

            return null;
        }

        if (node is not YamlScalarNode { Value: { } text })
        {
            errors.Add(path, $"'{key}' must be text.");
            return null;
        }

        if (text.Length > maxLength || (pattern is not null && !pattern.IsMatch(text)))
        {
            errors.Add(path, patternHint is null ? $"'{key}' is longer than {maxLength} characters." : $"'{key}' must be {patternHint}.");
            return null;
        }

        return text;
    }

    public static List<string> Strings(YamlMappingNode map, string key, string path, DefinitionErrors errors)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return [];
        }

        if (node is not YamlSequenceNode seq || seq.Children.Any(c => c is not YamlScalarNode { Value: not null }))
        {
            errors.Add(path, $"'{key}' must be a list of stage ids.");
            return [];
        }

        return [.. seq.Children.Select(c => ((YamlScalarNode)c).Value!)];
    }

    public static bool? Bool(YamlMappingNode map, string key, string path, DefinitionErrors errors)
    {
        var text = Text(map, key, path, errors, required: false);
        if (text is null or "true" or "false")
        {
            return text is null ? null : text == "true";
        }

        errors.Add(path, $"'{key}' must be true or false.");
        return null;
    }

    public static double? Number(YamlMappingNode map, string key, string path, DefinitionErrors errors, double min, double max)
    {
        var text = Text(map, key, path, errors, required: false);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(path, $"'{key}' must be a number from {min} to {max}.");
        return null;
    }

    public static TimeSpan? Duration(YamlMappingNode map, string key, string path, DefinitionErrors errors)
    {
        var text = Text(map, key, path, errors, required: false);
        if (text is null)
        {
            return null;
        }

        if (Durations.TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        errors.Add(path, $"'{text}' is not a duration; write a positive number and a unit: 500ms, 30s, 10m, 24h, 7d (at most 365d).");
        return null;
    }

    public static JsonNode? Json(YamlNode node, string path, DefinitionErrors errors, ref int budget)
    {
        try
        {
            return YamlValues.ToJson(node, ref budget);
        }
        catch (InvalidOperationException e)
        {
            errors.Add(path, e.Message);
            return null;
        }
    }
}
