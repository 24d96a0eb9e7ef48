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
