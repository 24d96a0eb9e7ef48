using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Api.Problems;

/// <summary>404 as a ProblemDetails; in a handler's <c>Results&lt;…&gt;</c> it puts the 404 into the OpenAPI document.</summary>
internal sealed class NotFoundProblem(ProblemDetails problem) : ProblemResult(problem), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(
            StatusCodes.Status404NotFound, typeof(ProblemDetails), ["application/problem+json"]));
}
