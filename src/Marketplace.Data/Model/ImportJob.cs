namespace Marketplace.Data.Model;

/// <summary>One import request and its running totals.</summary>
public sealed class ImportJob
{
    public Guid Id { get; set; }
    public Guid SourceId { get; set; }
    public ConflictStrategy ConflictStrategy { get; set; }
    public int BatchSize { get; set; }
    public ImportStatus Status { get; set; } = ImportStatus.Running;
    public List<Guid> EntryIds { get; set; } = [];
    public int TotalCount { get; set; }
    public int ImportedCount { get; set; }
    public int SkippedCount { get; set; }
    public int FailedCount { get; set; }
    public string? Error { get; set; }

    /// <summary>The process running the import; with <see cref="LeaseExpiresAt"/> it tells a live import from an interrupted one.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    public List<ImportBatch> Batches { get; } = [];
    public List<ImportEntryResult> Entries { get; } = [];
}
