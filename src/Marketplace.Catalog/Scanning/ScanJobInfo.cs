using System.Text.Json.Serialization;
using Marketplace.Catalog.Entries;

namespace Marketplace.Catalog.Scanning;

/// <summary>
/// A scan job's state — returned by the POST (202 while it runs, 200 with <c>Prefer: wait</c> once done) and by
/// <c>GET /scans/{id}</c>. <see cref="Status"/> is pending, running, interrupted (running, but its runner's lease lapsed),
/// completed or failed; <see cref="Result"/> is what the scan changed in the catalog and what it skipped, once completed.
/// </summary>
public sealed record ScanJobInfo(
    Guid Id,
    Guid SourceId,
    string Status,
    int RunFailures,
    string? Runner,
    DateTimeOffset? LeaseExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    CatalogUpsertResult? Result)
{
    [JsonIgnore]
    public bool IsFinished => Status is "completed" or "failed";
}
