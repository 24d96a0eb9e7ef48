using Marketplace.Api.Contracts;
using Marketplace.Catalog.Collections;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Api.Endpoints;

/// <summary>What was imported: a collection's artifacts, and one artifact by its <c>type:name</c> key.</summary>
internal static class CollectionEndpoints
{
    public static IEndpointRouteBuilder MapCollectionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/collections/{collectionId:guid}/artifacts", ListCollectionArtifacts).WithTags("Collections")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapGet("/artifacts/{key}", GetArtifact).WithTags("Collections").ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Ok<PagedResponse<ArtifactSummary>>> ListCollectionArtifacts(Guid collectionId, CollectionService collections, CancellationToken cancellationToken, int? skip = null, int? limit = null)
    {
        var (s, l) = Paging.Validate(skip, limit);
        var (items, total) = await collections.ListArtifactsAsync(collectionId, s, l, cancellationToken);
        return TypedResults.Ok(new PagedResponse<ArtifactSummary>(items, total, s, l));
    }

    public static async Task<Ok<ArtifactDetail>> GetArtifact(string key, CollectionService collections, CancellationToken cancellationToken) =>
        TypedResults.Ok(await collections.GetArtifactAsync(key, cancellationToken));
}
