using System.ComponentModel;
using Marketplace.Api.Infrastructure;
using Marketplace.Api.Problems;
using Marketplace.Api.Streaming;
using Marketplace.Catalog.Scanning;
using Marketplace.Data.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Endpoints;

/// <summary>Scan jobs: start one for a source, read it, stream its events.</summary>
internal static class ScanEndpoints
{
    public static IEndpointRouteBuilder MapScanEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/marketplace/sources/{sourceId:guid}/scan", ScanSource).WithTags("Scans").ProducesValidationProblem();
        var group = routes.MapGroup("/scans/{scanId:guid}").WithTags("Scans");
        group.MapGet("/", GetScan);
        group.MapGet("/events", StreamScanEvents).ProducesValidationProblem();
        return routes;
    }

    /// <summary>Scan a source</summary>
    /// <remarks>
    /// Checks the source (404; 400 when its folder or file:// remote is no longer allowed), then creates a scan job
    /// and answers 202 with its state and `Location: /api/v1/scans/{id}` (a source with a scan already waiting or running
    /// gets that one). A runner fetches a git source (its ref, or the remote's HEAD) into its mirror, or reads a local
    /// folder, and diffs what it publishes into the catalog: the plugins its marketplace.json lists with their components,
    /// or a folder walk with confidence scores. The result counts new, updated, unchanged and removed entries and carries
    /// the commit and the scan's warnings. A fetch that fails (unknown ref, not a repository, over a limit) fails the job
    /// with the reason, which is also kept on the source. With `Prefer: wait=N` the answer waits for the result (200) up
    /// to N seconds.
    /// </remarks>
    public static Task<Results<Ok<ScanJobInfo>, Accepted<ScanJobInfo>, NotFoundProblem>> ScanSource(
        Guid sourceId,
        [FromHeader(Name = PreferWait.Header), Description("RFC 7240. `wait=N`: hold the request up to N seconds (at most "
            + "Api:MaxPreferWaitSeconds) and answer 200 with the finished scan; without it the answer is 202 at once.")] string? prefer,
        ScanJobService scans,
        IOptions<ApiOptions> api,
        HttpResponse response,
        CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () =>
        {
            var started = await scans.StartAsync(sourceId, cancellationToken);
            return await PreferWait.AnswerAsync(started, $"/api/v1/scans/{started.Id}", prefer, api.Value.MaxPreferWaitSeconds,
                wait => scans.WaitAsync(started.Id, wait, cancellationToken), s => s.IsFinished, response);
        });

    /// <summary>Get a scan</summary>
    /// <remarks>A scan job's state and, once completed, what it changed in the catalog and the warnings of what it skipped.</remarks>
    public static Task<Results<Ok<ScanJobInfo>, NotFoundProblem>> GetScan(
        Guid scanId, ScanJobService scans, CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () => TypedResults.Ok(await scans.GetAsync(scanId, cancellationToken)));

    /// <summary>Stream a scan's events</summary>
    /// <remarks>
    /// Server-sent events: `job_created`, `job_started` (or `job_claimed`), `job_run_failed`, and `job_finished` with the
    /// counts, after which the stream ends; resumable with `Last-Event-ID`, 204 when nothing is left to send.
    /// </remarks>
    public static Task<Results<ServerSentEventsResult<JobEventInfo>, NoContent, NotFoundProblem>> StreamScanEvents(
        Guid scanId,
        [FromHeader(Name = EventStream.LastEventIdHeader), Description("The id of the last event received; the stream resumes after it.")]
        long? lastEventId,
        ScanJobService scans,
        HttpResponse response,
        CancellationToken cancellationToken) =>
        EventStream.OpenAsync(new JobEventFeed(() => scans.NextEvents(scanId), ct => scans.IsFinishedAsync(scanId, ct),
            (after, limit, ct) => scans.EventsAsync(scanId, after, limit, ct)), lastEventId, response, cancellationToken);
}
