namespace Marketplace.Data.Model;

/// <summary>The state of one stage within an execution.</summary>
public sealed class ExecutionStep
{
    public Guid Id { get; set; }
    public Guid ExecutionId { get; set; }
    public required string StageId { get; set; }
    public StepStatus Status { get; set; } = StepStatus.Pending;
    public int Attempt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Inputs { get; set; }
    public string? Outputs { get; set; }
    public string? Error { get; set; }
}
