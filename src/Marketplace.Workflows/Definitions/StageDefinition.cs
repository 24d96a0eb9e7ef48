using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Definitions;

/// <summary>One stage of a workflow. <see cref="Inputs"/> is never mutated; resolving copies it.</summary>
public sealed record StageDefinition(
    string Id,
    string Name,
    string Type,
    IReadOnlyList<string> DependsOn,
    JsonObject Inputs,
    ErrorPolicy ErrorPolicy,
    GateDefinition? Gate,
    string? Condition,
    bool Cache,
    int Level);
