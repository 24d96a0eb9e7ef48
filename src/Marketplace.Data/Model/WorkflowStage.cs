namespace Marketplace.Data.Model;

/// <summary>One stage of a workflow definition, with its place in the plan.</summary>
public sealed class WorkflowStage
{
    public Guid WorkflowId { get; set; }
    public required string StageId { get; set; }
    public required string Name { get; set; }
    public required string Type { get; set; }
    public int Position { get; set; }
    public int Level { get; set; }
    public List<string> DependsOn { get; set; } = [];
}
