using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>An import's state and figures: returned by the POST and by <c>GET /imports/{id}</c> alike.</summary>
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
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    IReadOnlyList<ImportEntryOutcome> Entries,
    IReadOnlyList<ImportBatchFigures> Batches);
