using Microsoft.OpenApi;

namespace Marketplace.Api.OpenApi;

/// <summary>
/// A <c>JsonNode</c> (event data, step inputs and outputs, execution parameters) is any JSON value. ASP.NET Core
/// describes it as a <c>JsonNode</c> component <c>{}</c>, and a nullable one as <c>oneOf: [{type: null}, {$ref: JsonNode}]</c>,
/// which a null fails (null matches both branches); generators also make a named <c>{}</c> an empty class. The
/// properties say <c>{}</c> inline instead, and the component goes.
/// </summary>
internal static class AnyValueSchemas
{
    private const string AnyValue = "JsonNode";

    public static void Simplify(OpenApiDocument document)
    {
        if (document.Components?.Schemas is not { } schemas)
        {
            return;
        }

        foreach (var schema in schemas.Values.OfType<OpenApiSchema>())
        {
            foreach (var (name, property) in schema.Properties?.ToList() ?? [])
            {
                if (IsAnyValue(property))
                {
                    schema.Properties![name] = new OpenApiSchema { Description = property.Description };
                }
            }
        }

        schemas.Remove(AnyValue);
    }

    private static bool IsAnyValue(IOpenApiSchema schema) => schema switch
    {
        OpenApiSchemaReference { Reference.Id: AnyValue } => true,
        OpenApiSchema { OneOf: { Count: 2 } options } => options.Any(o => o.Type == JsonSchemaType.Null)
            && options.Any(o => o is OpenApiSchemaReference { Reference.Id: AnyValue }),
        _ => false,
    };
}
