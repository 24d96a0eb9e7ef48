using YamlDotNet.RepresentationModel;
using static Marketplace.Workflows.Definitions.YamlFields;

namespace Marketplace.Workflows.Definitions;

/// <summary>Reads <c>config.parameters</c>: each a name with <c>type</c>, <c>required</c> and a <c>default</c> of that type.</summary>
internal static class ParameterReader
{
    public static Dictionary<string, ParameterDefinition> Read(YamlMappingNode? map, DefinitionErrors errors)
    {
        var result = new Dictionary<string, ParameterDefinition>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var path = $"config.parameters.{key}";
            if (!Patterns.Identifier().IsMatch(key))
            {
                errors.Add(path, "A parameter name is a letter or '_' followed by letters, digits or '_'.");
                continue;
            }

            if (value is not YamlMappingNode spec)
            {
                errors.Add(path, "A parameter is a mapping with 'type', 'required' and 'default'.");
                continue;
            }

            Keys(spec, path, errors, "type", "required", "default", "description");
            var type = Text(spec, "type", $"{path}.type", errors, required: false) ?? "string";
            if (!ParameterDefinition.Types.Contains(type))
            {
                errors.Add($"{path}.type", $"Unknown parameter type '{type}'; use one of {string.Join(", ", ParameterDefinition.Types)}.");
            }

            var required = Bool(spec, "required", $"{path}.required", errors) ?? false;
            var fallback = spec.Children.TryGetValue(new YamlScalarNode("default"), out var d) ? YamlValues.ToJson(d) : null;
            var parameter = new ParameterDefinition(type, required, fallback);
            if (fallback is not null && !parameter.Accepts(fallback))
            {
                errors.Add($"{path}.default", $"The default is not a {type}.");
            }

            result[key] = parameter;
        }

        return result;
    }
}
