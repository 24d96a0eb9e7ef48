using System.Net;
using System.Text;
using System.Text.Json;

namespace Marketplace.Api.Tests.Workflows;

/// <summary>
/// The definition parsers' limits at the HTTP edge, with their defaults: at a limit a definition is accepted, one past it
/// the answer is a 400 that names the limit's configuration key, and nothing is stored.
/// </summary>
public sealed class WorkflowLimitTests(WorkflowLimitTests.Host host) : IClassFixture<WorkflowLimitTests.Host>
{
    public sealed class Host() : WorkflowHost(new() { ["Workflows:RunnerEnabled"] = "false" });

    private readonly WorkflowClient _client = host.Client;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_YamlNestedToTheDepthLimit_IsAcceptedAndOneDeeperIs400NamingIt()
    {
        // root mapping (1) > stages (2) > stage (3) > inputs (4) > x: 60 more mappings = 64, the default limit
        await _client.CreateAsync(Definition(Nested(60)));

        await AssertRefusedAsync(Definition(Nested(61)), "yaml", "Workflows:Limits:MaxYamlDepth");
    }

    [Fact]
    public async Task Create_DefinitionAtTheLengthLimit_IsAcceptedAndOneCharacterMoreIs400NamingIt()
    {
        var padded = Padded(Definition("1"), 1024 * 1024);
        Assert.Equal(1024 * 1024, padded.Length);
        await _client.CreateAsync(padded);

        await AssertRefusedAsync(Padded(Definition("1"), 1024 * 1024 + 1), "yaml", "Workflows:Limits:MaxDefinitionChars");

        static string Padded(string yaml, int length) => yaml + "#" + new string('x', length - yaml.Length - 2) + "\n";
    }

    [Fact]
    public async Task Create_TooManyValuesOrAliasesThatExpandPastThem_Is400NamingTheNodeLimit()
    {
        await AssertRefusedAsync(Definition("[" + string.Join(',', Enumerable.Repeat('0', 100_000)) + "]"), "yaml",
            "Workflows:Limits:MaxYamlNodes");

        // Nine anchors, each a list of ten of the one before: a few hundred bytes that expand to a billion values.
        var laughs = new StringBuilder("x: { l0: &l0 [0,0,0,0,0,0,0,0,0,0]");
        for (var i = 1; i < 9; i++)
        {
            laughs.Append($", l{i}: &l{i} [{string.Join(',', Enumerable.Repeat($"*l{i - 1}", 10))}]");
        }

        await AssertRefusedAsync(Definition(laughs.Append(" }").ToString()[3..]), "yaml", "Workflows:Limits:MaxYamlNodes");
    }

    [Fact]
    public async Task Create_ExpressionsAtTheirLimits_AreAcceptedAndOnePastIs400NamingTheLimit()
    {
        const string Parameter = "config:\n  parameters:\n    p: { type: string }\n";
        var text = "parameters.p == '" + new string('x', 2000 - 18) + "'";
        Assert.Equal(2000, text.Length);
        await _client.CreateAsync(Definition($"\"${{{{ {text} }}}}\"", Parameter));
        await AssertRefusedAsync(Definition($"\"${{{{ {text}x }}}}\"", Parameter), "stages[0].inputs.x",
            "Workflows:Limits:MaxExpressionChars");

        await _client.CreateAsync(Definition($"\"${{{{ {new string('!', 63)}parameters.p }}}}\"", Parameter));
        await AssertRefusedAsync(Definition($"\"${{{{ {new string('!', 64)}parameters.p }}}}\"", Parameter), "stages[0].inputs.x",
            "Workflows:Limits:MaxExpressionDepth");
    }

    [Theory]
    [InlineData("error_policy: { timeout: 999999999d }", "stages[0].error_policy.timeout")]
    [InlineData("error_policy: { timeout: 31d }", "stages[0].error_policy.timeout")]
    [InlineData("error_policy: { retry: { max_attempts: 2, initial_interval: 999999999h } }",
        "stages[0].error_policy.retry.initial_interval")]
    [InlineData("error_policy: { retry: { max_attempts: 2, max_interval: 999999999h } }", "stages[0].error_policy.retry.max_interval")]
    [InlineData("error_policy: { retry: { max_attempts: 2, max_interval: 40d } }", "stages[0].error_policy.retry.max_interval")]
    [InlineData("error_policy: { retry: { max_attempts: 1e400 } }", "stages[0].error_policy.retry.max_attempts")]
    [InlineData("error_policy: { retry: { max_attempts: 2.5 } }", "stages[0].error_policy.retry.max_attempts")]
    [InlineData("error_policy: { retry: { max_attempts: 2, backoff_multiplier: NaN } }", "stages[0].error_policy.retry.backoff_multiplier")]
    public async Task Create_NumberOutsideItsRange_Is400NamingTheField(string policy, string field) =>
        await AssertRefusedAsync(Definition("1", stageExtra: policy), field, "");

    [Theory]
    [InlineData("999999999d")]
    [InlineData("366d")]
    public async Task Create_GateTimeoutOutsideItsRange_Is400NamingTheField(string timeout) =>
        await AssertRefusedAsync(
            $"workflow: {{ id: t, name: 'limits {Guid.NewGuid():N}', version: 1 }}\nstages:\n" +
            $"  - {{ id: g, type: gate, gate: {{ timeout: {timeout} }} }}\n",
            "stages[0].gate.timeout", "");

    [Fact]
    public async Task Start_ParametersOutsideTheirRangeOrTooDeep_Is400NamingEachAndWritesNothing()
    {
        var workflow = await _client.CreateAsync("- { id: a, type: delay, inputs: { duration: 1ms } }",
            "config:\n  parameters:\n    n: { type: integer }\n    x: { type: number }\n" +
            "    deep: { type: object }\n    fine: { type: object }\n");
        var body = $"{{\"workflowId\":\"{workflow.Id}\",\"parameters\":" +
            $"{{\"n\":1e300,\"x\":1e400,\"deep\":{Json(33)},\"fine\":{Json(32)}}}}}";

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var problem = await ProblemAssert.IsProblemAsync(await _client.Http.PostAsync("/api/v1/workflow-executions", content, Ct),
            HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.All(["parameters.n", "parameters.x", "parameters.deep"], key => Assert.True(errors.TryGetProperty(key, out _), key));
        Assert.False(errors.TryGetProperty("parameters.fine", out _));
        Assert.Contains("Workflows:Limits:MaxParameterDepth", errors.GetProperty("parameters.deep")[0].GetString(),
            StringComparison.Ordinal);
        var list = await _client.Http.GetStringAsync($"/api/v1/workflow-executions?workflowId={workflow.Id}", Ct);
        Assert.Equal(0, JsonDocument.Parse(list).RootElement.GetProperty("total").GetInt32());
    }

    private async Task AssertRefusedAsync(string yaml, string field, string limit)
    {
        var name = yaml[..yaml.IndexOf('\n', StringComparison.Ordinal)];
        var problem = await ProblemAssert.IsProblemAsync(await _client.Http.PostJsonAsync("/api/v1/workflows", new { yaml }),
            HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {errors}");
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(limit, StringComparison.Ordinal));
        var list = await _client.Http.GetStringAsync("/api/v1/workflows?limit=500", Ct);
        Assert.DoesNotContain(name[(name.IndexOf("limits ", StringComparison.Ordinal) + 7)..][..32], list, StringComparison.Ordinal);
    }

    /// <summary>A one-stage definition whose stage has the input <c>x</c>; its name is unique, so it can be looked for.</summary>
    private static string Definition(string x, string config = "", string stageExtra = "") =>
        $"workflow: {{ id: t, name: 'limits {Guid.NewGuid():N}', version: 1 }}\n{config}stages:\n" +
        $"  - {{ id: a, type: delay, inputs: {{ duration: 1ms, x: {x} }}{(stageExtra.Length > 0 ? ", " + stageExtra : "")} }}\n";

    private static string Nested(int mappings) => string.Concat(Enumerable.Repeat("{ a: ", mappings)) + "1" + new string('}', mappings);

    private static string Json(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}
