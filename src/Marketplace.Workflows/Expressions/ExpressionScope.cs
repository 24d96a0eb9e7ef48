using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Expressions;

/// <summary>What an expression can read: the execution's parameters and the finished stages' status and outputs.</summary>
internal sealed class ExpressionScope(JsonObject parameters, IReadOnlyDictionary<string, StageValues> stages)
{
    public JsonNode? Resolve(IReadOnlyList<string> path)
    {
        JsonNode? node = path[0] switch
        {
            "parameters" => parameters,
            "stages" when path.Count >= 3 && stages.TryGetValue(path[1], out var stage) => path[2] switch
            {
                "status" => JsonValue.Create(stage.Status),
                "outputs" => stage.Outputs,
                _ => null,
            },
            _ => null,
        };
        var skip = path[0] == "stages" ? 3 : 1;
        foreach (var segment in path.Skip(skip))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(segment, out var child) ? child : null;
        }

        return node;
    }
}
