using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Marketplace.Api.OpenApi;

/// <summary>
/// Per operation, from the endpoint's own metadata: the API-key requirement (none where the endpoint allows anonymous
/// callers), and the 415 every JSON body can answer.
/// </summary>
internal sealed class OperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        // An empty requirement says "no credentials needed"; the key requirement applies everywhere else, as the
        // fallback authorization policy does.
        operation.Security = anonymous
            ? [new OpenApiSecurityRequirement()]
            : [new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(DocumentTransformer.SecurityScheme, context.Document)] = [],
            }];

        operation.Responses ??= [];
        if (metadata.OfType<IAcceptsMetadata>().Any() && !operation.Responses.ContainsKey("415"))
        {
            operation.Responses["415"] = Problem(context, "The body is not application/json.");
        }

        if (anonymous && !operation.Responses.Keys.Any(k => k.StartsWith('4')))
        {
            operation.Responses["400"] = new OpenApiResponse { Description = "The Host header is not one of AllowedHosts (no body)." };
        }

        return Task.CompletedTask;
    }

    private static OpenApiResponse Problem(OpenApiOperationTransformerContext context, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
        },
    };
}
