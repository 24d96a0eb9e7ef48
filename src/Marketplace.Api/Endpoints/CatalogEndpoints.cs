using Marketplace.Api.Contracts;
using Marketplace.Catalog.Entries;
using Marketplace.Catalog.Sources;
using Marketplace.Data;
using Marketplace.Data.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Api.Endpoints;

/// <summary><c>/api/v1/marketplace/sources/{sourceId}/…</c>: scan, upload, list and edit a source's catalog.</summary>
internal static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/marketplace/sources/{sourceId:guid}").WithTags("Catalog");
        group.MapPost("/scan", ScanSource).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Scan a source")
            .WithDescription("Fetches a git source (its ref, or the remote's HEAD) into its mirror, or reads a local folder, and diffs "
                + "what it publishes into the catalog: the plugins its marketplace.json lists with their components, or a folder walk. "
                + "The result counts new, updated, unchanged and removed entries and carries the commit and the scan's warnings.");
        group.MapPut("/catalog", UploadCatalog).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/catalog", ListCatalog).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/catalog/{entryId:guid}", PatchCatalogEntry).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Ok<CatalogUpsertResult>> ScanSource(Guid sourceId, SourceScanService scans, CancellationToken cancellationToken) =>
        TypedResults.Ok(await scans.ScanAsync(sourceId, cancellationToken));

    public static async Task<Ok<CatalogUpsertResult>> UploadCatalog(Guid sourceId, CatalogUploadRequest request, CatalogService catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.UpsertAsync(sourceId, request.ToItems(), cancellationToken));

    public static async Task<Ok<PagedResponse<CatalogEntryResponse>>> ListCatalog(
        Guid sourceId, CatalogService catalog, CancellationToken cancellationToken, string? status = null, string? type = null, int? skip = null, int? limit = null,
        string? plugin = null)
    {
        var (s, l) = Paging.Validate(skip, limit);
        var query = new CatalogQuery(ParseFilter<CatalogEntryStatus>(status, "status"), ParseFilter<ArtifactType>(type, "type"), s, l, plugin);
        var (items, total) = await catalog.ListAsync(sourceId, query, cancellationToken);
        return TypedResults.Ok(new PagedResponse<CatalogEntryResponse>([.. items.Select(CatalogEntryResponse.From)], total, s, l));
    }

    public static async Task<Ok<CatalogEntryResponse>> PatchCatalogEntry(Guid sourceId, Guid entryId, PatchCatalogEntryRequest request, CatalogService catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(CatalogEntryResponse.From(await catalog.PatchAsync(sourceId, entryId, new CatalogEntryPatch(request.Excluded, request.ExcludedReason, request.Description), cancellationToken)));

    /// <summary>Query filters use the same snake_case names as the JSON (<c>mcp_server</c>, <c>imported</c>).</summary>
    private static TEnum? ParseFilter<TEnum>(string? value, string field) where TEnum : struct, Enum
    {
        if (value is null)
        {
            return null;
        }

        return WireName.TryParse<TEnum>(value, out var parsed)
            ? parsed
            : throw new RequestValidationException(field, $"'{value}' is not one of: {WireName.List<TEnum>()}.");
    }
}
