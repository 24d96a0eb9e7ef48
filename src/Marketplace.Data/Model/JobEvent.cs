namespace Marketplace.Data.Model;

/// <summary>An appended, ordered record of what an import or scan job did, for streaming.</summary>
public sealed class JobEvent
{
    public long Id { get; set; }

    /// <summary>An import or a scan job (ids are unique across both).</summary>
    public Guid JobId { get; set; }
    public int Sequence { get; set; }
    public required string Type { get; set; }
    public string? Data { get; set; }
    public DateTimeOffset At { get; set; }
}
