using Marketplace.Api.Contracts;
using Marketplace.Catalog.Sources;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Api.Endpoints;

/// <summary><c>/api/v1/marketplace/sources</c>: register, list, read and remove marketplace sources.</summary>
internal static class SourceEndpoints
{
    public static IEndpointRouteBuilder MapSourceEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/marketplace/sources").WithTags("Sources");
        group.MapPost("/", RegisterSource).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListSources).ProducesValidationProblem();
        group.MapGet("/{sourceId:guid}", GetSource).WithName(nameof(GetSource)).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{sourceId:guid}", DeleteSource).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<CreatedAtRoute<SourceResponse>> RegisterSource(RegisterSourceRequest request, SourceService sources, CancellationToken cancellationToken)
    {
        var source = await sources.RegisterAsync(
            new SourceRegistration(request.RepoUrl, request.Name, request.Ref, request.LocalPath, request.TrustLevel, request.Include,
                request.Exclude), cancellationToken);
        return TypedResults.CreatedAtRoute(SourceResponse.From(source), nameof(GetSource), new { sourceId = source.Id });
    }

    public static async Task<Ok<PagedResponse<SourceResponse>>> ListSources(SourceService sources, CancellationToken cancellationToken, int? skip = null, int? limit = null)
    {
        var (s, l) = Paging.Validate(skip, limit);
        var (items, total) = await sources.ListAsync(s, l, cancellationToken);
        return TypedResults.Ok(new PagedResponse<SourceResponse>([.. items.Select(SourceResponse.From)], total, s, l));
    }

    public static async Task<Ok<SourceResponse>> GetSource(Guid sourceId, SourceService sources, CancellationToken cancellationToken) =>
        TypedResults.Ok(SourceResponse.From(await sources.GetAsync(sourceId, cancellationToken)));

    public static async Task<NoContent> DeleteSource(Guid sourceId, SourceService sources, CancellationToken cancellationToken)
    {
        await sources.DeleteAsync(sourceId, cancellationToken);
        return TypedResults.NoContent();
    }
}
