namespace Marketplace.Data.Model;

/// <summary>Figures of one committed import batch.</summary>
public sealed class ImportBatch
{
    public Guid ImportJobId { get; set; }
    public int Index { get; set; }
    public int Size { get; set; }
    public int Attempts { get; set; }
    public ImportBatchStatus Status { get; set; }
    public double DurationMs { get; set; }
    public double LockHoldMs { get; set; }
    public double GateWaitMs { get; set; }
    public DateTimeOffset CommittedAt { get; set; }
}
