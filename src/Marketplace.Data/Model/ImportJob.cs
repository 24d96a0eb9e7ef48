namespace Marketplace.Data.Model;

/// <summary>
/// One import request: a leased job (created pending, claimed by a runner, renewed while it runs, taken over after its
/// lease lapses), its plan of entries and its running totals. Each committed batch is a checkpoint.
/// </summary>
public sealed class ImportJob
{
    public Guid Id { get; set; }
    public Guid SourceId { get; set; }
    public ConflictStrategy ConflictStrategy { get; set; }
    public int BatchSize { get; set; }
    public ImportStatus Status { get; set; } = ImportStatus.Pending;
    public List<Guid> EntryIds { get; set; } = [];
    public int TotalCount { get; set; }
    public int ImportedCount { get; set; }
    public int SkippedCount { get; set; }
    public int FailedCount { get; set; }
    public string? Error { get; set; }

    /// <summary>The runner holding the job; with <see cref="LeaseExpiresAt"/> it tells a live run from one cut off.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>A job backing off after a failed run is not claimed before this.</summary>
    public DateTimeOffset? WakeAt { get; set; }

    /// <summary>Runs in a row that stopped on an unexpected error; the job fails after <c>Import:MaxRunFailures</c>.</summary>
    public int RunFailures { get; set; }

    /// <summary>
    /// The workflow step that started it (<c>marketplace.import</c>), so a takeover of the step waits for this job
    /// instead of starting another. Plain values, no foreign key: executions are the engine's, and outlive nothing here.
    /// </summary>
    public Guid? ParentExecutionId { get; set; }
    public string? ParentStageId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a runner first claimed it.</summary>
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    public List<ImportBatch> Batches { get; } = [];
    public List<ImportEntryResult> Entries { get; } = [];
}
