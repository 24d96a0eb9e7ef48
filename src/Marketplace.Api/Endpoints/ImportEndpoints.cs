using Marketplace.Api.Contracts;
using Marketplace.Catalog.Importing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Api.Endpoints;

/// <summary>The batched import (DESIGN §5), its progress, and resuming an interrupted one.</summary>
internal static class ImportEndpoints
{
    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/marketplace/sources/{sourceId:guid}/import", ImportEntries).WithTags("Imports")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        var group = routes.MapGroup("/imports/{importId:guid}").WithTags("Imports");
        group.MapGet("/", GetImport).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/resume", ResumeImport).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    public static async Task<Ok<ImportResult>> ImportEntries(Guid sourceId, ImportRequestBody request, ImportService imports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await imports.ImportAsync(sourceId, new ImportRequest(request.EntryIds, request.ConflictStrategy, request.BatchSize, request.Selection), cancellationToken));

    public static async Task<Ok<ImportResult>> GetImport(Guid importId, ImportService imports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await imports.GetAsync(importId, cancellationToken));

    public static async Task<Ok<ImportResult>> ResumeImport(Guid importId, ImportService imports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await imports.ResumeAsync(importId, cancellationToken));
}
