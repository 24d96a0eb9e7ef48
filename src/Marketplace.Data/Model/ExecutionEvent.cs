namespace Marketplace.Data.Model;

/// <summary>An appended, ordered record of a transition, for streaming.</summary>
public sealed class ExecutionEvent
{
    public long Id { get; set; }
    public Guid ExecutionId { get; set; }
    public int Sequence { get; set; }
    public required string Type { get; set; }
    public string? StageId { get; set; }
    public string? Data { get; set; }
    public DateTimeOffset At { get; set; }
}
