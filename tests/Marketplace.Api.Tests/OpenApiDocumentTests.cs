using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Api.Tests.Contract;

namespace Marketplace.Api.Tests;

/// <summary>
/// The OpenAPI document is one a generator and a validator trust: every operation named, summarized, described and
/// secured as the endpoint is; event streams typed with Last-Event-ID; integers as integers; free-form objects open;
/// and every kind of problem body the API answers matches the document's schemas, traceId included.
/// </summary>
public sealed class OpenApiDocumentTests : IClassFixture<OpenApiDocumentTests.Host>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];
    private readonly MarketplaceApiFactory _factory;

    public OpenApiDocumentTests(Host host) => _factory = host.Factory;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Document_EveryOperation_HasAnIdASummaryADescriptionAndItsSecurity()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToList();

        Assert.True(operations.Count >= 30, $"{operations.Count} operations");
        Assert.Equal(operations.Count, operations.Select(o => o.Operation.GetProperty("operationId").GetString()).Distinct().Count());
        Assert.All(operations, o =>
        {
            Assert.False(string.IsNullOrWhiteSpace(o.Operation.GetProperty("summary").GetString()), o.Name);
            Assert.False(string.IsNullOrWhiteSpace(o.Operation.GetProperty("description").GetString()), o.Name);
            var security = o.Operation.GetProperty("security").EnumerateArray().Single();
            var open = o.Path.StartsWith("/health/", StringComparison.Ordinal);
            Assert.True(open == !security.EnumerateObject().Any(), $"{o.Name}: security {security}");
        });
        Assert.All(document.GetProperty("tags").EnumerateArray(), t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("description").GetString())));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey").GetProperty("scheme").GetString());
        Assert.All(["/health/live", "/health/ready", "/metrics"], p => Assert.True(document.GetProperty("paths").TryGetProperty(p, out _), p));
        Assert.All(operations.Where(o => o.Operation.TryGetProperty("requestBody", out _)), o => Assert.True(o.Operation.GetProperty("responses").TryGetProperty("415", out _), o.Name));
    }

    [Theory]
    [InlineData("/api/v1/workflow-executions/{executionId}/events", "ExecutionEventInfo")]
    [InlineData("/api/v1/imports/{importId}/events", "JobEventInfo")]
    [InlineData("/api/v1/scans/{scanId}/events", "JobEventInfo")]
    public async Task Document_EventStream_IsTypedAndResumable(string path, string schema)
    {
        var events = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty("get");

        var header = events.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("in").GetString() == "header");
        Assert.Equal(("Last-Event-ID", "integer"), (header.GetProperty("name").GetString(), header.GetProperty("schema").GetProperty("type").GetString()));
        var ok = events.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("text/event-stream").GetProperty("schema");
        Assert.Equal($"#/components/schemas/{schema}", ok.GetProperty("contentSchema").GetProperty("properties").GetProperty("data").GetProperty("$ref").GetString());
        Assert.True(events.GetProperty("responses").TryGetProperty("204", out _));
    }

    [Fact]
    public async Task Document_Schemas_TypeIntegersAsIntegersAndKeepFreeFormObjectsOpen()
    {
        var document = await DocumentAsync();
        var text = document.GetRawText();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        Assert.DoesNotContain("\"pattern\": \"^-?(?:0|[1-9]\\\\d*)$\"", text, StringComparison.Ordinal); // "5" read as 5
        Assert.Equal("integer", schemas.GetProperty("PagedResponseOfSourceResponse").GetProperty("properties").GetProperty("total").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Object, schemas.GetProperty("JsonObject").GetProperty("additionalProperties").ValueKind);
        Assert.Equal(JsonValueKind.Object, schemas.GetProperty("HealthCheckEntry").GetProperty("properties").GetProperty("data").GetProperty("additionalProperties").ValueKind);
        Assert.False(schemas.GetProperty("ProblemDetails").TryGetProperty("additionalProperties", out _));
        Assert.Equal("string", schemas.GetProperty("ProblemDetails").GetProperty("properties").GetProperty("traceId").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ProblemBodies_OfEveryKind_MatchTheDocumentAndCarryATraceId()
    {
        await using var keyed = new MarketplaceApiFactory(new() { ["Api:Keys:0"] = "k" });
        var contract = await OpenApiContract.LoadAsync(_factory.CreateClient(), Ct);
        var checking = new ContractCheckingHandler(contract);
        using var http = _factory.CreateDefaultClient(checking);
        var checkingKeyed = new ContractCheckingHandler(contract);
        using var withoutKey = keyed.CreateDefaultClient(checkingKeyed);
        var source = (await (await http.PostAsync("/api/v1/marketplace/sources", Json($$"""{"repoUrl":"https://example.test/{{Guid.NewGuid():N}}"}"""), Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();

        var responses = new List<HttpResponseMessage>
        {
            await http.PostAsync("/api/v1/marketplace/sources", Json("""{"repoUrl":"not a url"}"""), Ct),                   // 400 validation
            await http.PostAsync("/api/v1/marketplace/sources", Json("""{"repoUrl":5}"""), Ct),                             // 400 wrong type
            await http.PostAsync("/api/v1/marketplace/sources", Json("""{"repoUrl":"""), Ct),                              // 400 malformed
            await http.GetAsync("/api/v1/marketplace/sources?limit=0", Ct),                                                // 400 AddValidation
            await http.GetAsync("/api/v1/marketplace/sources?limit=many", Ct),                                             // 400 binding
            await http.GetAsync($"/api/v1/marketplace/sources/{Guid.NewGuid()}", Ct),                                      // 404
            await http.PostAsync("/api/v1/marketplace/sources", Json($$"""{"repoUrl":"https://example.test/dup"}"""), Ct),
            await http.PostAsync("/api/v1/marketplace/sources", Json($$"""{"repoUrl":"https://example.test/dup"}"""), Ct), // 409
            await http.PostAsync("/api/v1/workflows", new StringContent("yaml: x", Encoding.UTF8, "text/plain"), Ct),      // 415
            await http.DeleteAsync("/api/v1/workflow-executions", Ct),                                                     // 405
            await http.PostAsync($"/api/v1/workflow-executions/{Guid.NewGuid()}/pause", null, Ct),                         // 404
            await http.GetAsync($"/api/v1/marketplace/sources/{source}/catalog?type=widget", Ct),                          // 400
            await http.GetAsync("/health/ready", Ct),
            await http.GetAsync("/health/live", Ct),
            await http.GetAsync("/metrics", Ct),
            await withoutKey.GetAsync("/api/v1/marketplace/sources", Ct),                                                  // 401
            await withoutKey.GetAsync("/metrics", Ct),                                                                     // 401
            await withoutKey.GetAsync("/health/ready", Ct),                                                                // status only
        };

        Assert.Equal(
            [400, 400, 400, 400, 400, 404, 201, 409, 415, 405, 404, 400, 200, 200, 200, 401, 401, 200],
            responses.Select(r => (int)r.StatusCode));
        Assert.Empty(checking.Failures.Concat(checkingKeyed.Failures));
        foreach (var problem in responses.Where(r => r.Content.Headers.ContentType?.MediaType == "application/problem+json"))
        {
            var body = await problem.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.False(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()), body.ToString());
            Assert.DoesNotContain("Marketplace.", body.ToString(), StringComparison.Ordinal); // no .NET type names
        }
    }

    private async Task<JsonElement> DocumentAsync() =>
        JsonDocument.Parse(await _factory.CreateClient().GetStringAsync("/openapi/v1.json", Ct)).RootElement;

    private static IEnumerable<(string Path, string Name, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from method in path.Value.EnumerateObject()
        where Methods.Contains(method.Name)
        select (path.Name, $"{method.Name.ToUpperInvariant()} {path.Name}", method.Value);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>One host for the class: the document does not change between its tests.</summary>
    public sealed class Host : ApiHost;
}
