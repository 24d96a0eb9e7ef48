using System.ComponentModel;
using Marketplace.Api.Contracts;
using Marketplace.Api.Problems;
using Marketplace.Catalog.Entries;
using Marketplace.Data;
using Marketplace.Data.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Api.Endpoints;

/// <summary><c>/api/v1/marketplace/sources/{sourceId}/…</c>: upload, list and edit a source's catalog.</summary>
internal static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/marketplace/sources/{sourceId:guid}").WithTags("Catalog");
        group.MapPut("/catalog", UploadCatalog).ProducesValidationProblem();
        group.MapGet("/catalog", ListCatalog).ProducesValidationProblem();
        group.MapPatch("/catalog/{entryId:guid}", PatchCatalogEntry).ProducesValidationProblem();
        return routes;
    }

    /// <summary>Upload catalog entries</summary>
    /// <remarks>Upserts entries by path, for sources scanned elsewhere; every problem is reported by the entry's index.</remarks>
    public static Task<Results<Ok<CatalogUpsertResult>, NotFoundProblem>> UploadCatalog(
        Guid sourceId, CatalogUploadRequest request, CatalogService catalog, CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () => TypedResults.Ok(await catalog.UpsertAsync(sourceId, request.ToItems(), cancellationToken)));

    /// <summary>List catalog entries</summary>
    /// <remarks>
    /// By path, paged, optionally filtered by status and artifact type (their snake_case wire names) and by plugin (the
    /// plugin itself and its components). Deep pages: pass the response's `next` as `after` (cursor paging, the same
    /// cost at any depth) instead of a growing `skip`.
    /// </remarks>
    public static Task<Results<Ok<PagedResponse<CatalogEntryResponse>>, NotFoundProblem>> ListCatalog(
        Guid sourceId,
        [AsParameters] PageQuery page,
        CatalogService catalog,
        CancellationToken cancellationToken,
        [Description("new, updated, removed, imported or excluded")] string? status = null,
        [Description("skill, command, agent, hook, mcp_server or plugin")] string? type = null,
        [Description("a plugin's name: the plugin and its components")] string? plugin = null,
        [Description("Cursor: the `next` of the previous page (the path of its last entry); the page starts after it.")]
        string? after = null) =>
        Outcome.OrNotFound(async () =>
        {
            var query = new CatalogQuery(
                ParseFilter<CatalogEntryStatus>(status, "status"), ParseFilter<ArtifactType>(type, "type"), page.Offset, page.Count, plugin)
            {
                After = after is { Length: > MaxCursorLength }
                    ? throw new RequestValidationException("after", $"after must be at most {MaxCursorLength} characters.") : after,
            };
            var (items, total) = await catalog.ListAsync(sourceId, query, cancellationToken);
            return TypedResults.Ok(page.Of<CatalogEntryResponse>([.. items.Select(CatalogEntryResponse.From)], total) with
            {
                Next = items.Count == page.Count ? items[^1].Path : null,
            });
        });

    /// <summary>A cursor is a path (<c>catalog_entries.path</c> holds at most 1024 characters).</summary>
    private const int MaxCursorLength = 1024;

    /// <summary>Edit a catalog entry</summary>
    /// <remarks>Exclude it (with a reason) or restore it, and/or give it a new description.</remarks>
    public static Task<Results<Ok<CatalogEntryResponse>, NotFoundProblem>> PatchCatalogEntry(
        Guid sourceId, Guid entryId, PatchCatalogEntryRequest request, CatalogService catalog, CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () => TypedResults.Ok(CatalogEntryResponse.From(await catalog.PatchAsync(
            sourceId, entryId, new CatalogEntryPatch(request.Excluded, request.ExcludedReason, request.Description), cancellationToken))));

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
