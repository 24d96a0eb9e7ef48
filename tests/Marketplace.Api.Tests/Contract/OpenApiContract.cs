using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Marketplace.Api.Tests.Contract;

/// <summary>
/// The live OpenAPI document as a validator: a response is checked against what its operation documents for its
/// status code and media type, and its JSON body against that schema (JsonSchema.Net, draft 2020-12, the dialect of
/// OpenAPI 3.1), <c>$ref</c>s resolved inside the document.
/// </summary>
internal sealed class OpenApiContract
{
    private const string EventStream = "text/event-stream";
    private static readonly Uri BaseUri = new("https://marketplace.test/openapi/v1.json");
    private readonly JsonElement _document;
    private readonly BuildOptions _build;
    private readonly (Regex Pattern, string Template)[] _paths;

    private OpenApiContract(JsonElement document)
    {
        _document = document;
        var registry = new SchemaRegistry();
        registry.Register(BaseUri, new JsonElementBaseDocument(document, BaseUri));
        _build = new BuildOptions { SchemaRegistry = registry };
        _paths = [.. document.GetProperty("paths").EnumerateObject().Select(p => (Template(p.Name), p.Name))];
    }

    public JsonElement Document => _document;

    public static async Task<OpenApiContract> LoadAsync(HttpClient client, CancellationToken cancellationToken) =>
        new(JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", cancellationToken)).RootElement.Clone());

    /// <summary>What is wrong with this response by the document; empty when it matches.</summary>
    public IReadOnlyList<string> Check(string method, string path, int status, string? mediaType, string? body)
    {
        var what = $"{method} {path} → {status}";
        if (_paths.FirstOrDefault(p => p.Pattern.IsMatch(path)).Template is not { } template)
        {
            return [$"{what}: the path is not in the document"];
        }

        if (!_document.GetProperty("paths").GetProperty(template).TryGetProperty(method.ToLowerInvariant(), out var operation))
        {
            // A path answers 405 to a method it does not list; the document says so once, in its description.
            return status == 405 ? CheckSchema(what, "#/components/schemas/ProblemDetails", body) : [$"{what}: {method} is not documented"];
        }

        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.GetProperty("responses").TryGetProperty(code, out var response))
        {
            return [$"{what}: status {code} is not documented"];
        }

        if (!response.TryGetProperty("content", out var content))
        {
            return string.IsNullOrEmpty(body) ? [] : [$"{what}: documented without a body, but one came"];
        }

        if (mediaType is null || !content.TryGetProperty(mediaType, out _))
        {
            return [$"{what}: media type {mediaType ?? "(none)"} is not documented ({string.Join(", ", content.EnumerateObject().Select(c => c.Name))})"];
        }

        var pointer = $"#/paths/{Escape(template)}/{method.ToLowerInvariant()}/responses/{code}/content/{Escape(mediaType)}/schema";
        return mediaType.EndsWith("json", StringComparison.Ordinal) ? CheckSchema(what, pointer, body) : [];
    }

    /// <summary>One server-sent event's data against the <c>data</c> of the stream's documented event shape.</summary>
    public IReadOnlyList<string> CheckEvent(string template, string data) => CheckSchema(
        $"event of GET {template}",
        $"#/paths/{Escape(template)}/get/responses/200/content/{Escape(EventStream)}/schema/contentSchema/properties/data",
        data);

    private IReadOnlyList<string> CheckSchema(string what, string pointer, string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return [$"{what}: a body is documented, none came"];
        }

        var schema = JsonSchema.FromText($$"""{"$ref":"{{BaseUri}}{{pointer}}"}""", _build);
        var result = schema.Evaluate(JsonDocument.Parse(body).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : [$"{what}: the body does not match {pointer}: " + string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}")) + $"\n  body: {Truncate(body)}"];
    }

    private static string Truncate(string body) => body.Length > 600 ? body[..600] + "…" : body;

    /// <summary>A JSON Pointer segment as it goes into a URI fragment: <c>~</c> and <c>/</c> escaped, then percent-encoded (<c>+</c>, braces).</summary>
    private static string Escape(string segment) =>
        Uri.EscapeDataString(segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));

    private static Regex Template(string template) =>
        new("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "/?$", RegexOptions.CultureInvariant);
}
