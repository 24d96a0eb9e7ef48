using System.ComponentModel;
using Marketplace.Api.Contracts;
using Marketplace.Api.Infrastructure;
using Marketplace.Api.Problems;
using Marketplace.Api.Streaming;
using Marketplace.Catalog.Importing;
using Marketplace.Data.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Endpoints;

/// <summary>Import jobs (DESIGN §5, §5b): start one, list them, read one, stream its events, cancel or resume it.</summary>
internal static class ImportEndpoints
{
    private const string PreferDescription =
        "RFC 7240. `wait=N`: hold the request up to N seconds (at most Api:MaxPreferWaitSeconds) and answer 200 with the "
        + "finished job if it finishes by then; without it the answer is 202 at once.";

    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/marketplace/sources/{sourceId:guid}/import", ImportEntries).WithTags("Imports").ProducesValidationProblem();
        routes.MapGet("/imports", ListImports).WithTags("Imports").ProducesValidationProblem();
        var group = routes.MapGroup("/imports/{importId:guid}").WithTags("Imports");
        group.MapGet("/", GetImport);
        group.MapGet("/events", StreamImportEvents).ProducesValidationProblem();
        group.MapPost("/cancel", CancelImport);
        group.MapPost("/resume", ResumeImport);
        return routes;
    }

    /// <summary>Import catalog entries</summary>
    /// <remarks>
    /// Checks everything — the entries (the given `entryIds`, or a `selection`: all of the source's entries, or those
    /// matching status / type / plugin, resolved to entry ids), the strategy, the batch size, the source's folder or
    /// checkout — and writes nothing when something is wrong (4xx); then creates the import job and answers 202 with its
    /// state and `Location: /api/v1/imports/{id}`. Any runner imports it into the default collection in batches (each one
    /// transaction, partial success); a true collision (the same identity) is resolved by the conflict strategy: skip,
    /// overwrite or rename, and every skipped or renamed entry names what it collided with. With `Prefer: wait=N` the
    /// answer waits for the result (200) up to N seconds.
    /// </remarks>
    public static Task<Results<Ok<ImportResult>, Accepted<ImportResult>, NotFoundProblem>> ImportEntries(
        Guid sourceId,
        ImportRequestBody request,
        [FromHeader(Name = PreferWait.Header), Description(PreferDescription)] string? prefer,
        ImportService imports,
        IOptions<ApiOptions> api,
        HttpResponse response,
        CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () =>
        {
            var import = new ImportRequest(request.EntryIds, request.ConflictStrategy, request.BatchSize, request.Selection);
            var started = await imports.StartAsync(sourceId, import, cancellationToken);
            return await AnswerAsync(started, prefer, imports, api, response, cancellationToken);
        });

    /// <summary>List imports</summary>
    /// <remarks>
    /// Newest first, paged, optionally of one source and in one status; `interrupted` lists the jobs whose runner stopped
    /// renewing its lease (a crash), which the next runner takes over.
    /// </remarks>
    public static async Task<Ok<PagedResponse<ImportSummary>>> ListImports(
        [AsParameters] PageQuery page,
        ImportService imports,
        CancellationToken cancellationToken,
        Guid? sourceId = null,
        [Description("pending, running, interrupted, completed, partial, failed or cancelled")] string? status = null)
    {
        var (items, total) = await imports.ListAsync(new ImportQuery(sourceId, status, page.Offset, page.Count), cancellationToken);
        return TypedResults.Ok(page.Of(items, total));
    }

    /// <summary>Get an import</summary>
    /// <remarks>A pending, running or finished import: status, counts, per-entry outcomes and per-batch figures.</remarks>
    public static Task<Results<Ok<ImportResult>, NotFoundProblem>> GetImport(
        Guid importId, ImportService imports, CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () => TypedResults.Ok(await imports.GetAsync(importId, cancellationToken)));

    /// <summary>Stream an import's events</summary>
    /// <remarks>
    /// Server-sent events: `job_created`, `job_started` (or `job_claimed` when a runner takes it over), one
    /// `batch_committed` per batch (size, attempts, duration, lock hold), `entries_failed` with each entry's reason,
    /// `job_run_failed`, and `job_finished`, after which the stream ends. `id` is the event's sequence number; reconnecting
    /// with `Last-Event-ID` resumes with no gap and no repeat, and 204 says nothing is left to send.
    /// </remarks>
    public static Task<Results<ServerSentEventsResult<JobEventInfo>, NoContent, NotFoundProblem>> StreamImportEvents(
        Guid importId,
        [FromHeader(Name = EventStream.LastEventIdHeader), Description("The id of the last event received; the stream resumes after it.")]
        long? lastEventId,
        ImportService imports,
        HttpResponse response,
        CancellationToken cancellationToken) =>
        EventStream.OpenAsync(new JobEventFeed(() => imports.NextEvents(importId), ct => imports.IsFinishedAsync(importId, ct),
            (after, limit, ct) => imports.EventsAsync(importId, after, limit, ct)), lastEventId, response, cancellationToken);

    /// <summary>Cancel an import</summary>
    /// <remarks>
    /// Final at once: the runner stops at the batch in flight, which does not commit; the batches committed before stay, and
    /// the answer's counts are what stays. 409 once the import has finished.
    /// </remarks>
    public static Task<Results<Ok<ImportResult>, NotFoundProblem, ConflictProblem>> CancelImport(
        Guid importId, ImportControl control, CancellationToken cancellationToken) =>
        Outcome.OrNotFoundOrConflict(async () => TypedResults.Ok(await control.CancelAsync(importId, cancellationToken)));

    /// <summary>Resume an import</summary>
    /// <remarks>
    /// Puts an import that stopped before every entry had an outcome — failed after its runs stopped on errors, cancelled,
    /// or waiting out a back-off — back to pending; any runner continues from its last batch (202, or 200 with
    /// `Prefer: wait`). 409 while it runs or waits for a runner, or when every entry has an outcome. A crashed runner's
    /// import needs no resume: the next runner takes it over once the lease lapses.
    /// </remarks>
    public static Task<Results<Ok<ImportResult>, Accepted<ImportResult>, NotFoundProblem, ConflictProblem>> ResumeImport(
        Guid importId,
        [FromHeader(Name = PreferWait.Header), Description(PreferDescription)] string? prefer,
        ImportControl control,
        ImportService imports,
        IOptions<ApiOptions> api,
        HttpResponse response,
        CancellationToken cancellationToken) =>
        Outcome.OrNotFoundOrConflict(async () =>
            await AnswerAsync(await control.ResumeAsync(importId, cancellationToken), prefer, imports, api, response, cancellationToken));

    private static Task<Results<Ok<ImportResult>, Accepted<ImportResult>>> AnswerAsync(ImportResult started, string? prefer,
        ImportService imports, IOptions<ApiOptions> api, HttpResponse response, CancellationToken cancellationToken) =>
        PreferWait.AnswerAsync(started, $"/api/v1/imports/{started.Id}", prefer, api.Value.MaxPreferWaitSeconds,
            wait => imports.WaitAsync(started.Id, wait, cancellationToken), r => r.IsFinished, response);
}
