using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Marketplace.Api.OpenApi;

/// <summary>
/// Schemas that say what the bodies really are: problem bodies carry <c>traceId</c> and other extensions, and
/// free-form JSON (a start request's <c>parameters</c>, event data, step inputs and
/// outputs) stays open, so generators give it a map of any value rather than an empty record.
/// </summary>
internal sealed class SchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(ProblemDetails) || type == typeof(HttpValidationProblemDetails) || type == typeof(ValidationProblemDetails))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["traceId"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The W3C trace id of the request, to find it in the logs.",
            };
            schema.AdditionalPropertiesAllowed = true;
            schema.AdditionalProperties = null;
        }
        else if (schema.Type?.HasFlag(JsonSchemaType.Object) == true && schema.Properties is not { Count: > 0 }
            && schema.AdditionalProperties is null && schema.AdditionalPropertiesAllowed)
        {
            // A JsonObject or a dictionary of any value: say "any value" explicitly, which `{type: object}` alone
            // does not to most generators.
            schema.AdditionalProperties = new OpenApiSchema();
        }

        return Task.CompletedTask;
    }
}
