namespace Marketplace.Data.Model;

/// <summary>One scan of a source as a leased job: created pending, run by any runner, its result stored when it ends.</summary>
public sealed class ScanJob
{
    public Guid Id { get; set; }
    public Guid SourceId { get; set; }
    public ScanJobStatus Status { get; set; } = ScanJobStatus.Pending;
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public DateTimeOffset? WakeAt { get; set; }
    public int RunFailures { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Error { get; set; }

    /// <summary>What the scan changed in the catalog and what it skipped, as JSON.</summary>
    public string? Result { get; set; }
}
