using Marketplace.Api.Contracts;
using Marketplace.Api.Problems;
using Marketplace.Catalog.Importing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Api.Endpoints;

/// <summary>The batched import (DESIGN §5), its progress, and resuming an interrupted one.</summary>
internal static class ImportEndpoints
{
    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/marketplace/sources/{sourceId:guid}/import", ImportEntries).WithTags("Imports").ProducesValidationProblem();
        var group = routes.MapGroup("/imports/{importId:guid}").WithTags("Imports");
        group.MapGet("/", GetImport);
        group.MapPost("/resume", ResumeImport);
        return routes;
    }

    /// <summary>Import catalog entries</summary>
    /// <remarks>
    /// Imports the entries into the default collection in batches (each one transaction, partial success): the given
    /// `entryIds`, or a `selection` (all of the source's entries, or those matching status / type / plugin, resolved to
    /// entry ids before anything is written). A true collision (the same identity) is resolved by the conflict strategy:
    /// skip, overwrite or rename, and every skipped or renamed entry names what it collided with.
    /// </remarks>
    public static Task<Results<Ok<ImportResult>, NotFoundProblem>> ImportEntries(
        Guid sourceId, ImportRequestBody request, ImportService imports, CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () => TypedResults.Ok(await imports.ImportAsync(
            sourceId, new ImportRequest(request.EntryIds, request.ConflictStrategy, request.BatchSize, request.Selection),
            cancellationToken)));

    /// <summary>Get an import</summary>
    /// <remarks>A running or finished import: status, counts, per-entry outcomes and per-batch figures.</remarks>
    public static Task<Results<Ok<ImportResult>, NotFoundProblem>> GetImport(
        Guid importId, ImportService imports, CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () => TypedResults.Ok(await imports.GetAsync(importId, cancellationToken)));

    /// <summary>Resume an interrupted import</summary>
    /// <remarks>Imports what has no outcome yet; 409 while the import's lease (Import:LeaseDuration) is still held.</remarks>
    public static Task<Results<Ok<ImportResult>, NotFoundProblem, ConflictProblem>> ResumeImport(
        Guid importId, ImportService imports, CancellationToken cancellationToken) =>
        Outcome.OrNotFoundOrConflict(async () => TypedResults.Ok(await imports.ResumeAsync(importId, cancellationToken)));
}
