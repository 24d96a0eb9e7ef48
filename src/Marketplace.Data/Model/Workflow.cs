namespace Marketplace.Data.Model;

/// <summary>A workflow definition (YAML) and its hash.</summary>
public sealed class Workflow
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Version { get; set; }
    public required string Definition { get; set; }
    public required string DefinitionHash { get; set; }
    public WorkflowStatus Status { get; set; } = WorkflowStatus.Active;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<WorkflowStage> Stages { get; } = [];
}
