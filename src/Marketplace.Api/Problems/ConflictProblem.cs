using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Api.Problems;

/// <summary>409 as a ProblemDetails; in a handler's <c>Results&lt;…&gt;</c> it puts the 409 into the OpenAPI document.</summary>
internal sealed class ConflictProblem(ProblemDetails problem) : ProblemResult(problem), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(
            StatusCodes.Status409Conflict, typeof(ProblemDetails), ["application/problem+json"]));
}
