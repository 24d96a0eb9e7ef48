namespace Marketplace.Data.Model;

/// <summary>A run of a workflow; it keeps a snapshot of the definition, so it outlives it.</summary>
public sealed class WorkflowExecution
{
    public Guid Id { get; set; }
    public Guid? WorkflowId { get; set; }
    public required string WorkflowName { get; set; }
    public required string WorkflowVersion { get; set; }
    public required string DefinitionHash { get; set; }
    public required string Definition { get; set; }
    public ExecutionStatus Status { get; set; } = ExecutionStatus.Pending;
    public string Trigger { get; set; } = "api";
    public string? Parameters { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>When a waiting execution must be looked at again without a decision (its earliest gate deadline).</summary>
    public DateTimeOffset? WakeAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Error { get; set; }

    public List<ExecutionStep> Steps { get; } = [];
}
