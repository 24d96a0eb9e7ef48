using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Marketplace.Api.OpenApi;

/// <summary>
/// Event streams as OpenAPI 3.1 tools read them: the <c>text/event-stream</c> body is a byte stream (generators then
/// hand out the stream, not a JSON reader), and each event's shape is its <c>contentSchema</c> (OpenAPI 3.2 would say
/// <c>itemSchema</c>): <c>id</c>, <c>event</c> and <c>data</c>, whose schema is the stream's event type. ASP.NET Core
/// describes the body as <c>SseItemOf…</c>, .NET's item type; those components are dropped once nothing uses them.
/// </summary>
internal static class EventStreamSchemas
{
    private const string EventStream = "text/event-stream";
    private const string SseItemPrefix = "SseItemOf";

    public static void Describe(OpenApiDocument document)
    {
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        var responses = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Responses?.Values.AsEnumerable() ?? []).OfType<OpenApiResponse>();
        foreach (var response in responses)
        {
            if (response.Content?.TryGetValue(EventStream, out var media) != true
                || media!.Schema is not OpenApiSchemaReference { Reference.Id: { } id }
                || !id.StartsWith(SseItemPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var data = id[SseItemPrefix.Length..];
            replaced.Add(id);
            response.Description = $"The events, each an `id` line, an `event` line (its type) and a `data` line: a {data} as JSON.";
            // format: binary makes generators hand out the stream; contentSchema (JSON Schema 2020-12) gives each event's shape.
            media.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Format = "binary",
                Description = "Server-sent events; contentSchema is the shape of each one.",
                Extensions = new Dictionary<string, IOpenApiExtension>
                {
                    ["contentMediaType"] = new JsonNodeExtension(EventStream),
                    ["contentSchema"] = new JsonNodeExtension(Item(data)),
                },
            };
        }

        foreach (var id in replaced)
        {
            document.Components?.Schemas?.Remove(id);
        }
    }

    private static JsonObject Item(string data) => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("id", "event", "data"),
        ["properties"] = new JsonObject
        {
            ["id"] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = "The event's id; send it as Last-Event-ID to resume after it.",
            },
            ["event"] = new JsonObject { ["type"] = "string", ["description"] = "The event's type." },
            ["data"] = new JsonObject { ["$ref"] = $"#/components/schemas/{data}" },
        },
    };
}
