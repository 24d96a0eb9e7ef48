using Marketplace.Api.Contracts;
using Marketplace.Api.Problems;
using Marketplace.Catalog.Collections;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Api.Endpoints;

/// <summary>What was imported: a collection's artifacts, and one artifact by its <c>type:name</c> key.</summary>
internal static class CollectionEndpoints
{
    public static IEndpointRouteBuilder MapCollectionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/collections/{collectionId:guid}/artifacts", ListCollectionArtifacts).WithTags("Collections")
            .ProducesValidationProblem();
        routes.MapGet("/artifacts/{key}", GetArtifact).WithTags("Collections");
        return routes;
    }

    /// <summary>List a collection's artifacts</summary>
    /// <remarks>By key, paged. The default collection is `00000000-0000-0000-0000-000000000001`.</remarks>
    public static Task<Results<Ok<PagedResponse<ArtifactSummary>>, NotFoundProblem>> ListCollectionArtifacts(
        Guid collectionId, [AsParameters] PageQuery page, CollectionService collections, CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () =>
        {
            var (items, total) = await collections.ListArtifactsAsync(collectionId, page.Offset, page.Count, cancellationToken);
            return TypedResults.Ok(page.Of<ArtifactSummary>(items, total));
        });

    /// <summary>Get an artifact</summary>
    /// <remarks>One imported artifact by its `type:name` key (`skill:csv-cleaner`), with its files, tags and members.</remarks>
    public static Task<Results<Ok<ArtifactDetail>, NotFoundProblem>> GetArtifact(
        string key, CollectionService collections, CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () => TypedResults.Ok(await collections.GetArtifactAsync(key, cancellationToken)));
}
