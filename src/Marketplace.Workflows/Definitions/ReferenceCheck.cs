using System.Text.Json.Nodes;
using Marketplace.Workflows.Expressions;

namespace Marketplace.Workflows.Definitions;

/// <summary>
/// Checks every expression of a stage (in its inputs and its condition): it parses within the limits, names only
/// declared parameters, and reads only stages upstream of it.
/// </summary>
internal static class ReferenceCheck
{
    // ancestors: the stages upstream, or null when the graph has errors (then what is upstream is not checked).
    public static void Check(
        StageDraft draft,
        Dictionary<string, ParameterDefinition> parameters,
        HashSet<string>? ancestors,
        ExpressionLimits limits,
        DefinitionErrors errors)
    {
        var texts = TextValues(draft.Inputs, $"{draft.Path}.inputs").ToList();
        if (draft.Condition is not null)
        {
            texts.Add(($"{draft.Path}.condition", draft.Condition));
        }

        foreach (var (path, text) in texts)
        {
            foreach (var (expression, parsed, error) in Template.Expressions(text, limits))
            {
                if (parsed is null)
                {
                    errors.Add(path, $"Not a valid expression: {error}");
                    continue;
                }

                foreach (var reference in parsed.Paths())
                {
                    if (Problem(reference, expression, parameters, ancestors) is { } problem)
                    {
                        errors.Add(path, problem);
                    }
                }
            }
        }
    }

    private static string? Problem(
        IReadOnlyList<string> reference, string expression, Dictionary<string, ParameterDefinition> parameters, HashSet<string>? ancestors)
    {
        if (reference[0] == "parameters" && (reference.Count < 2 || !parameters.ContainsKey(reference[1])))
        {
            return $"'{expression}' names a parameter that is not declared under config.parameters.";
        }

        if (reference[0] == "stages" && (reference.Count < 3 || reference[2] is not ("outputs" or "status")))
        {
            return $"'{expression}': use stages.<id>.outputs.<name> or stages.<id>.status.";
        }

        return reference[0] == "stages" && ancestors is not null && !ancestors.Contains(reference[1])
            ? $"'{expression}' reads stage '{reference[1]}', which this stage does not depend on."
            : null;
    }

    /// <summary>Every text value with its field path. Recursive: as deep as the inputs, which the YAML limits bound.</summary>
    private static IEnumerable<(string Path, string Text)> TextValues(JsonNode? node, string path) => node switch
    {
        JsonObject o => o.SelectMany(p => TextValues(p.Value, $"{path}.{p.Key}")),
        JsonArray a => a.SelectMany((item, i) => TextValues(item, $"{path}[{i}]")),
        JsonValue v when v.TryGetValue<string>(out var s) => [(path, s)],
        _ => [],
    };
}
