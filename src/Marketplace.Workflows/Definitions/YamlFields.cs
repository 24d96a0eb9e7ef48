using System.Globalization;
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
                errors.Add(path.Length == 0 ? name : $"{path}.{name}",
                    $"Unknown field '{name}'; expected one of {string.Join(", ", allowed)}.");
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

    public static string? Text(YamlMappingNode? map, string key, string path, DefinitionErrors errors, bool required,
        Regex? pattern = null, string? patternHint = null, int maxLength = 4000)
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

    public static double? Number(YamlMappingNode map, string key, string path, DefinitionErrors errors, double min, double max,
        bool whole = false)
    {
        var text = Text(map, key, path, errors, required: false);
        if (text is null)
        {
            return null;
        }

        // NaN and infinity fail both comparisons; a fraction where a count is meant is refused, not truncated.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            && (!whole || value == Math.Floor(value)))
        {
            return value;
        }

        errors.Add(path, $"'{key}' must be a {(whole ? "whole " : "")}number from {min} to {max}.");
        return null;
    }

    /// <summary>A positive duration of at most <paramref name="max"/> (<see cref="Durations"/>).</summary>
    public static TimeSpan? Duration(YamlMappingNode map, string key, string path, DefinitionErrors errors, TimeSpan max)
    {
        var text = Text(map, key, path, errors, required: false);
        if (text is null)
        {
            return null;
        }

        if (Durations.TryParse(text, max, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        errors.Add(path, $"'{text}' is not a duration; write {Durations.Describe(max)}.");
        return null;
    }
}
