using System.Text.Json.Serialization;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// An import job's state and figures — returned by the POST (202 while it runs, 200 with <c>Prefer: wait</c> once done),
/// by <c>GET /imports/{id}</c>, cancel and resume alike. <see cref="Status"/> is pending, running, interrupted (running,
/// but its runner's lease lapsed: a runner takes it over), completed, partial, failed or cancelled.
/// </summary>
public sealed record ImportResult(
    Guid Id,
    Guid SourceId,
    string Status,
    ConflictStrategy ConflictStrategy,
    int BatchSize,
    int Total,
    int Done,
    int Imported,
    int Skipped,
    int Failed,
    int RunFailures,
    string? Runner,
    DateTimeOffset? LeaseExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    IReadOnlyList<ImportEntryOutcome> Entries,
    IReadOnlyList<ImportBatchFigures> Batches)
{
    /// <summary>Ended (completed, partial, failed or cancelled): its result does not change unless it is resumed.</summary>
    [JsonIgnore]
    public bool IsFinished => Status is "completed" or "partial" or "failed" or "cancelled";
}
