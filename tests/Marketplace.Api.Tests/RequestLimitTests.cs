using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Api.Tests;

/// <summary>JSON bodies have a size and a depth limit; at the limit a request is served, past it a 400 names the limit.</summary>
public sealed class RequestLimitTests
{
    private const int MaxBytes = 2048;
    private const int MaxDepth = 8;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Body_AtAndPastMaxRequestBodyBytes_IsServedThenRefusedNamingTheLimit()
    {
        await using var factory = Factory();
        using var client = factory.CreateClient();

        var atLimit = await client.PostAsync("/api/v1/workflows", Json(WorkflowBody(MaxBytes)), Ct);
        var pastLimit = await client.PostAsync("/api/v1/workflows", Json(WorkflowBody(MaxBytes + 1)), Ct);
        // Without a Content-Length the body is counted as it is read.
        var chunked = await client.PostAsync("/api/v1/workflows", new ChunkedJson(WorkflowBody(MaxBytes + 1)), Ct);

        Assert.Equal(HttpStatusCode.Created, atLimit.StatusCode);
        foreach (var refused in new[] { pastLimit, chunked })
        {
            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest);
            Assert.Equal("Api:MaxRequestBodyBytes", problem.GetProperty("limit").GetString());
            Assert.Contains($"{MaxBytes} bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Ct)).StatusCode);
    }

    [Fact]
    public async Task Body_AtAndPastMaxJsonDepth_IsServedThenRefusedNamingTheLimit()
    {
        await using var factory = Factory();
        using var client = factory.CreateClient();
        var workflow = await ProblemAssert.IsJsonAsync<JsonElement>(await client.PostJsonAsync("/api/v1/workflows", new
        {
            yaml = "workflow: { id: t, name: depth, version: 1.0.0 }\nconfig:\n  parameters:\n    p: { type: object }\n"
                + "stages:\n  - { id: a, type: delay, inputs: { duration: 1ms } }\n",
        }), HttpStatusCode.Created);
        var id = workflow.GetProperty("id").GetGuid();

        var atLimit = await client.PostAsync("/api/v1/workflow-executions", Json(StartBody(id, MaxDepth)), Ct);
        var pastLimit = await client.PostAsync("/api/v1/workflow-executions", Json(StartBody(id, MaxDepth + 1)), Ct);

        Assert.Equal(HttpStatusCode.Created, atLimit.StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(pastLimit, HttpStatusCode.BadRequest);
        Assert.Equal("Api:MaxJsonDepth", problem.GetProperty("limit").GetString());
        Assert.Contains($"deeper than {MaxDepth} levels", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Ct)).StatusCode);
    }

    [Fact]
    public async Task Body_DefaultDepthLimit_Is64()
    {
        await using var factory = new MarketplaceApiFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/api/v1/workflow-executions", Json(StartBody(Guid.NewGuid(), 65)), Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Api:MaxJsonDepth", problem.GetProperty("limit").GetString());
    }

    private static MarketplaceApiFactory Factory() => new(new()
    {
        ["Api:MaxRequestBodyBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Api:MaxJsonDepth"] = MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    /// <summary>A valid workflow definition whose JSON body is exactly <paramref name="bytes"/> long (a YAML comment pads it).</summary>
    private static string WorkflowBody(int bytes)
    {
        var yaml = $"workflow: {{ id: t, name: 'size {Guid.NewGuid():N}', version: 1.0.0 }}\nstages:\n  - {{ id: a, type: delay, inputs: {{ duration: 1ms }} }}\n# ";
        var body = JsonSerializer.Serialize(new { yaml });
        var padded = JsonSerializer.Serialize(new { yaml = yaml + new string('x', bytes - Encoding.UTF8.GetByteCount(body)) });
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(padded));
        return padded;
    }

    /// <summary>A start request nested <paramref name="depth"/> levels deep in all: the body, <c>parameters</c>, <c>p</c>, then objects.</summary>
    private static string StartBody(Guid workflowId, int depth)
    {
        JsonNode value = new JsonObject();
        for (var level = 4; level <= depth; level++)
        {
            value = new JsonObject { ["a"] = value };
        }

        var body = new JsonObject { ["workflowId"] = workflowId.ToString(), ["parameters"] = new JsonObject { ["p"] = value } };
        return body.ToJsonString(new JsonSerializerOptions { MaxDepth = 1000 });
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>A JSON body sent without a Content-Length.</summary>
    private sealed class ChunkedJson : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedJson(string body)
        {
            _bytes = Encoding.UTF8.GetBytes(body);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
