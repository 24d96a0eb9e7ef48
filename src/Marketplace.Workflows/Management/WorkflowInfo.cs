using Marketplace.Data.Model;

namespace Marketplace.Workflows.Management;

/// <summary>A stored workflow definition with its plan: stages and their level order.</summary>
public sealed record WorkflowInfo(
    Guid Id,
    string Name,
    string Version,
    string DefinitionHash,
    WorkflowStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Yaml,
    IReadOnlyList<StageInfo> Stages,
    IReadOnlyList<IReadOnlyList<string>> Levels);

/// <summary>One stage as planned: stages of one level may run in parallel.</summary>
public sealed record StageInfo(string Id, string Name, string Type, IReadOnlyList<string> DependsOn, int Level);
