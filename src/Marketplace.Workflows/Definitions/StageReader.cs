using System.Text.Json.Nodes;
using Marketplace.Workflows.Expressions;
using Marketplace.Workflows.Handlers;
using YamlDotNet.RepresentationModel;
using static Marketplace.Workflows.Definitions.YamlFields;

namespace Marketplace.Workflows.Definitions;

/// <summary>Reads one entry of <c>stages</c>: its fields, inputs (checked against its handler), policy, gate and condition.</summary>
internal sealed class StageReader(StageHandlerRegistry handlers, ExpressionLimits expressions)
{
    public ExpressionLimits Expressions => expressions;

    public StageDraft? Read(YamlNode node, string path, DefinitionErrors errors)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Add(path, "A stage is a mapping with at least 'id' and 'type'.");
            return null;
        }

        Keys(map, path, errors, "id", "name", "type", "depends_on", "inputs", "error_policy", "gate", "condition", "cache", "description");
        var id = Text(map, "id", $"{path}.id", errors, required: true, Patterns.StageId(),
            "lowercase letters, digits, '_' or '-' (at most 100)");
        var type = Text(map, "type", $"{path}.type", errors, required: true, maxLength: 100);
        var name = Text(map, "name", $"{path}.name", errors, required: false, maxLength: 200) ?? id;
        var dependsOn = Strings(map, "depends_on", $"{path}.depends_on", errors);
        if (dependsOn.Distinct(StringComparer.Ordinal).Count() != dependsOn.Count)
        {
            errors.Add($"{path}.depends_on", "A dependency is listed more than once.");
        }

        var inputs = Inputs(map, type, path, errors);
        var policy = PolicyReader.ErrorPolicy(Map(map, "error_policy", $"{path}.error_policy", errors, required: false),
            $"{path}.error_policy", errors);
        var gateMap = Map(map, "gate", $"{path}.gate", errors, required: false);
        if (gateMap is not null && type != GateStageHandler.TypeName)
        {
            errors.Add($"{path}.gate", $"Only stages of type '{GateStageHandler.TypeName}' take a gate.");
        }

        var gate = type == GateStageHandler.TypeName ? PolicyReader.Gate(gateMap, $"{path}.gate", errors) : null;
        var condition = Text(map, "condition", $"{path}.condition", errors, required: false, maxLength: 2000);
        if (condition is not null && !Template.IsSingleExpression(condition.Trim(), out _))
        {
            errors.Add($"{path}.condition", "A condition is one expression: ${{ … }}.");
        }

        var cache = Bool(map, "cache", $"{path}.cache", errors) ?? false;
        return id is null
            ? null
            : new StageDraft(path, id, name ?? id, type ?? "", dependsOn, inputs, policy, gate, condition?.Trim(), cache);
    }

    private JsonObject Inputs(YamlMappingNode map, string? type, string path, DefinitionErrors errors)
    {
        var inputs = new JsonObject();
        if (map.Children.TryGetValue(new YamlScalarNode("inputs"), out var node))
        {
            if (YamlValues.ToJson(node) is JsonObject o)
            {
                inputs = o;
            }
            else
            {
                errors.Add($"{path}.inputs", "Inputs are a mapping of names to values.");
            }
        }

        if (type is null)
        {
            return inputs;
        }

        if (!handlers.TryGet(type, out var handler))
        {
            errors.Add($"{path}.type", $"Unknown stage type '{type}'; known types: {string.Join(", ", handlers.Types)}.");
            return inputs;
        }

        foreach (var missing in handler.RequiredInputs.Where(r => !inputs.ContainsKey(r)))
        {
            errors.Add($"{path}.inputs.{missing}", $"Stage type '{type}' requires the input '{missing}'.");
        }

        return inputs;
    }
}
