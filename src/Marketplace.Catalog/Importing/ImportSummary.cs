using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>An import job in a list: its state and counts, without per-entry outcomes and per-batch figures.</summary>
public sealed record ImportSummary(
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
    Guid? ParentExecutionId,
    string? ParentStageId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error);
