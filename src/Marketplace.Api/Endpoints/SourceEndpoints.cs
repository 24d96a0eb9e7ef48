using Marketplace.Api.Contracts;
using Marketplace.Api.Problems;
using Marketplace.Catalog.Sources;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Api.Endpoints;

/// <summary><c>/api/v1/marketplace/sources</c>: register, list, read and remove marketplace sources.</summary>
internal static class SourceEndpoints
{
    public static IEndpointRouteBuilder MapSourceEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/marketplace/sources").WithTags("Sources");
        group.MapPost("/", RegisterSource).ProducesValidationProblem();
        group.MapGet("/", ListSources).ProducesValidationProblem();
        group.MapGet("/{sourceId:guid}", GetSource);
        group.MapDelete("/{sourceId:guid}", DeleteSource);
        return routes;
    }

    /// <summary>Register a source</summary>
    /// <remarks>
    /// A git repository URL, with an optional local path (under Sources:AllowedRoots) to scan. The same repository again
    /// (a `.git` suffix, a trailing slash and the host's case ignored) is 409.
    /// </remarks>
    public static Task<Results<CreatedAtRoute<SourceResponse>, ConflictProblem>> RegisterSource(
        RegisterSourceRequest request, SourceService sources, CancellationToken cancellationToken) => Outcome.OrConflict(async () =>
    {
        var source = await sources.RegisterAsync(
            new SourceRegistration(request.RepoUrl, request.Name, request.Ref, request.LocalPath, request.TrustLevel, request.Include,
                request.Exclude), cancellationToken);
        return TypedResults.CreatedAtRoute(SourceResponse.From(source), nameof(GetSource), new { sourceId = source.Id });
    });

    /// <summary>List sources</summary>
    /// <remarks>Oldest first, paged.</remarks>
    public static async Task<Ok<PagedResponse<SourceResponse>>> ListSources(
        [AsParameters] PageQuery page, SourceService sources, CancellationToken cancellationToken)
    {
        var (items, total) = await sources.ListAsync(page.Offset, page.Count, cancellationToken);
        return TypedResults.Ok(page.Of<SourceResponse>([.. items.Select(SourceResponse.From)], total));
    }

    /// <summary>Get a source</summary>
    /// <remarks>The source with its scan status and entry counts.</remarks>
    public static Task<Results<Ok<SourceResponse>, NotFoundProblem>> GetSource(
        Guid sourceId, SourceService sources, CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () => TypedResults.Ok(SourceResponse.From(await sources.GetAsync(sourceId, cancellationToken))));

    /// <summary>Remove a source</summary>
    /// <remarks>Deletes the source and its catalog entries; artifacts already imported stay in the collection.</remarks>
    public static Task<Results<NoContent, NotFoundProblem>> DeleteSource(
        Guid sourceId, SourceService sources, CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () =>
        {
            await sources.DeleteAsync(sourceId, cancellationToken);
            return TypedResults.NoContent();
        });
}
