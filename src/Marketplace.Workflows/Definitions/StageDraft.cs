using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Definitions;

/// <summary>A stage as read, before the dependency graph gives it its level.</summary>
internal sealed record StageDraft(
    string Path,
    string Id,
    string Name,
    string Type,
    List<string> DependsOn,
    JsonObject Inputs,
    ErrorPolicy Policy,
    GateDefinition? Gate,
    string? Condition,
    bool Cache)
{
    public StageDefinition ToStage(int level) => new(Id, Name, Type, DependsOn, Inputs, Policy, Gate, Condition, Cache, level);
}
