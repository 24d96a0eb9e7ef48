using System.Text.Json.Nodes;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>The events of an import job's stream (<see cref="JobEvents"/>), with the figures each carries.</summary>
internal static class ImportEventData
{
    /// <summary>Entries listed in one <c>entries_failed</c> event at most (the count is always whole), and error length.</summary>
    private const int MaxListed = 100;
    private const int MaxError = 500;

    public static NewJobEvent Created(ImportJob job) => new(JobEvents.Created, new JsonObject
    {
        ["kind"] = JobKinds.Import,
        ["sourceId"] = job.SourceId.ToString(),
        ["total"] = job.TotalCount,
        ["batchSize"] = job.BatchSize,
        ["conflictStrategy"] = WireName.Of(job.ConflictStrategy),
    });

    public static NewJobEvent Claimed(bool first, string runner, int done, int total) =>
        new(first ? JobEvents.Started : JobEvents.Claimed, new JsonObject { ["runner"] = runner, ["done"] = done, ["total"] = total });

    public static NewJobEvent Batch(CommittedBatch batch) => new(JobEvents.BatchCommitted, new JsonObject
    {
        ["index"] = batch.Figures.Index,
        ["size"] = batch.Figures.Size,
        ["status"] = WireName.Of(batch.Figures.Status),
        ["attempts"] = batch.Figures.Attempts,
        ["durationMs"] = Math.Round(batch.Figures.DurationMs, 3),
        ["lockHoldMs"] = Math.Round(batch.Figures.LockHoldMs, 3),
        ["gateWaitMs"] = Math.Round(batch.Figures.GateWaitMs, 3),
        ["imported"] = batch.Imported,
        ["skipped"] = batch.Skipped,
        ["failed"] = batch.Failed,
    });

    public static NewJobEvent Failures(int batchIndex, IReadOnlyCollection<(Guid EntryId, string Error)> failures) =>
        new(JobEvents.EntriesFailed, new JsonObject
        {
            ["batchIndex"] = batchIndex,
            ["count"] = failures.Count,
            ["entries"] = new JsonArray([.. failures.Take(MaxListed).Select(f => (JsonNode)new JsonObject
            {
                ["entryId"] = f.EntryId.ToString(),
                ["error"] = f.Error.Length > MaxError ? f.Error[..MaxError] : f.Error,
            })]),
        });

    public static NewJobEvent RunFailed(int run, string error, DateTimeOffset retryAt) => new(JobEvents.RunFailed, new JsonObject
    {
        ["run"] = run,
        ["error"] = error.Length > MaxError ? error[..MaxError] : error,
        ["retryAt"] = retryAt.ToString("O"),
    });

    public static NewJobEvent Resumed() => new(JobEvents.Resumed);

    public static NewJobEvent Finished(ImportStatus status, int total, int imported, int skipped, int failed, string? error) =>
        new(JobEvents.Finished, new JsonObject
        {
            ["status"] = WireName.Of(status),
            ["total"] = total,
            ["imported"] = imported,
            ["skipped"] = skipped,
            ["failed"] = failed,
            ["error"] = error,
        });
}
