using System.Text.Json.Nodes;
using Marketplace.Data;
using Marketplace.Workflows.Definitions;

namespace Marketplace.Workflows.Management;

/// <summary>
/// An execution's parameters as given at start, checked against the definition: declared, of their type and range,
/// no deeper than <see cref="WorkflowLimits.MaxParameterDepth"/>, required ones present, defaults filled in.
/// </summary>
internal static class ParameterValues
{
    public static JsonObject Resolve(WorkflowDefinition definition, JsonObject? given, WorkflowLimits limits)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var resolved = new JsonObject();
        foreach (var (name, value) in given ?? [])
        {
            if (!definition.Parameters.TryGetValue(name, out var spec))
            {
                errors[$"parameters.{name}"] = [$"The workflow declares no parameter '{name}'."];
            }
            else if (Depth(value) > limits.MaxParameterDepth)
            {
                var limit = $"{WorkflowLimits.Section}:{nameof(limits.MaxParameterDepth)}";
                errors[$"parameters.{name}"] = [$"Nested deeper than {limits.MaxParameterDepth} levels (limit {limit})."];
            }
            else if (!spec.Accepts(value))
            {
                errors[$"parameters.{name}"] = [$"Must be {spec.Describe()}."];
            }
            else
            {
                resolved[name] = value!.DeepClone();
            }
        }

        foreach (var (name, spec) in definition.Parameters.Where(p => !resolved.ContainsKey(p.Key)
            && !errors.ContainsKey($"parameters.{p.Key}")))
        {
            if (spec.Default is not null)
            {
                resolved[name] = spec.Default.DeepClone();
            }
            else if (spec.Required)
            {
                errors[$"parameters.{name}"] = [$"The parameter '{name}' is required."];
            }
        }

        return errors.Count > 0 ? throw new RequestValidationException(errors) : resolved;
    }

    /// <summary>
    /// How deep <paramref name="value"/> nests (a scalar 0, <c>{}</c> 1): without recursion, since a caller may pass anything.
    /// </summary>
    private static int Depth(JsonNode? value)
    {
        var deepest = 0;
        var pending = new Stack<(JsonNode? Node, int Depth)>([(value, 0)]);
        while (pending.TryPop(out var item))
        {
            var children = item.Node switch
            {
                JsonObject o => o.Select(p => p.Value),
                JsonArray a => a,
                _ => null,
            };
            if (children is null)
            {
                continue;
            }

            deepest = Math.Max(deepest, item.Depth + 1);
            foreach (var child in children)
            {
                pending.Push((child, item.Depth + 1));
            }
        }

        return deepest;
    }
}
