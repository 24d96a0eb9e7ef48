using System.Text.Json.Nodes;
using Marketplace.Catalog.Entries;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Scanning;

/// <summary>The events of a scan job's stream (<see cref="JobEvents"/>).</summary>
internal static class ScanEventData
{
    private const int MaxError = 500;

    public static NewJobEvent Created(Guid sourceId) =>
        new(JobEvents.Created, new JsonObject { ["kind"] = JobKinds.Scan, ["sourceId"] = sourceId.ToString() });

    public static NewJobEvent Claimed(bool first, string runner) =>
        new(first ? JobEvents.Started : JobEvents.Claimed, new JsonObject { ["runner"] = runner });

    public static NewJobEvent RunFailed(int run, string error, DateTimeOffset retryAt) => new(JobEvents.RunFailed, new JsonObject
    {
        ["run"] = run,
        ["error"] = error.Length > MaxError ? error[..MaxError] : error,
        ["retryAt"] = retryAt.ToString("O"),
    });

    public static NewJobEvent Finished(ScanJobStatus status, CatalogUpsertResult? result, string? error) => new(JobEvents.Finished,
        new JsonObject
        {
            ["status"] = WireName.Of(status),
            ["total"] = result?.Total,
            ["created"] = result?.Created,
            ["updated"] = result?.Updated,
            ["unchanged"] = result?.Unchanged,
            ["removed"] = result?.Removed,
            ["warnings"] = result?.Warnings.Count,
            ["error"] = error,
        });
}
