using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Marketplace.Api.Tests.Workflows;

/// <summary>
/// Hostile definitions sent to the API running as its own process, so a request that ends the process fails the test
/// instead of the test run: the documents that used to overflow the stack, and generated ones. Each answer is a 4xx
/// ProblemDetails (or a 201 for a document that happens to be valid), nothing is stored for a 4xx, and the same
/// process serves afterwards.
/// </summary>
public sealed class HostileDefinitionProcessTests(HostileDefinitionProcessTests.Api api) : IClassFixture<HostileDefinitionProcessTests.Api>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly (string What, string Yaml, string Names)[] Bodies =
    [
        ("flow sequences 20 000 deep", "a: " + new string('[', 20_000) + new string(']', 20_000), "Workflows:Limits:MaxYamlDepth"),
        ("block sequences 20 000 deep", "a:\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => "- ")) + "x",
            "Workflows:Limits:MaxYamlDepth"),
        ("flow mappings 20 000 deep", "a: " + string.Concat(Enumerable.Repeat("{a: ", 20_000)) + "1" + new string('}', 20_000),
            "Workflows:Limits:MaxYamlDepth"),
        ("an alias inside its own anchor",
            "workflow: { id: w, name: n, version: 1 }\nstages:\n  - { id: a, type: delay, inputs: &x { duration: 1ms, x: *x } }\n",
            "names no complete anchored node"),
        ("200 000 '!' in an expression", Stage("\"${{ " + new string('!', 200_000) + "parameters.p }}\""),
            "Workflows:Limits:MaxExpressionChars"),
        ("100 000 '(' in an expression",
            Stage("\"${{ " + new string('(', 100_000) + "parameters.p" + new string(')', 100_000) + " }}\""),
            "Workflows:Limits:MaxExpressionChars"),
        ("a chain of 100 000 '&&'", Stage("\"${{ true" + string.Concat(Enumerable.Repeat(" && true", 100_000)) + " }}\""),
            "Workflows:Limits:MaxExpressionChars"),
    ];

    /// <summary>The API as its own process on a fresh data folder, runner off; shared by this class's tests.</summary>
    public sealed class Api : IAsyncLifetime
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("marketplace-hostile-").FullName;

        internal HostProcess Process { get; private set; } = null!;

        public async ValueTask InitializeAsync() =>
            Process = await HostProcess.StartAsync(_folder, new Dictionary<string, string> { ["Workflows__RunnerEnabled"] = "false" });

        public async ValueTask DisposeAsync()
        {
            await Process.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Create_DefinitionsThatOverflowedTheStack_Are400NamingALimitAndTheSameProcessServes()
    {
        var failures = new List<string>();
        foreach (var (what, yaml, names) in Bodies)
        {
            var (status, body) = await PostAsync(what, yaml, failures);
            if (status is not null && (status != HttpStatusCode.BadRequest || !body.Contains(names, StringComparison.Ordinal)))
            {
                failures.Add($"{what}: {(int)status} {body[..Math.Min(body.Length, 300)]}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await AssertServesAsync();
    }

    [Fact]
    public async Task Create_GeneratedHostileDefinitions_Are4xxOrValidAndWriteNothingOnRefusal()
    {
        var generator = new HostileYaml(new Random(20261201));
        var before = await WorkflowCountAsync();
        var failures = new List<string>();
        var created = 0;
        for (var i = 0; i < 300 && failures.Count == 0; i++)
        {
            var yaml = generator.Next();
            var (status, body) = await PostAsync($"#{i}", yaml, failures);
            if (status == HttpStatusCode.Created)
            {
                created++;
            }
            else if (status is not null && ((int)status is < 400 or >= 500 || !body.Contains("\"status\":", StringComparison.Ordinal)))
            {
                failures.Add($"#{i}: {(int)status} {body[..Math.Min(body.Length, 300)]}\n--- document ---\n{yaml[..Math.Min(yaml.Length, 500)]}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before + created, await WorkflowCountAsync()); // every refusal wrote nothing
        await AssertServesAsync();
    }

    /// <summary>Posts a definition; null status (and a failure recorded) when the process went away.</summary>
    private async Task<(HttpStatusCode? Status, string Body)> PostAsync(string what, string yaml, List<string> failures)
    {
        try
        {
            using var response = await api.Process.Client.PostJsonAsync("/api/v1/workflows", new { yaml });
            return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
        }
        catch (HttpRequestException e)
        {
            var output = api.Process.Output[^Math.Min(api.Process.Output.Length, 2000)..];
            failures.Add($"{what}: the API process went away ({e.Message})\n--- its output ---\n{output}");
            return (null, "");
        }
    }

    private async Task<int> WorkflowCountAsync()
    {
        var list = await api.Process.Client.GetStringAsync("/api/v1/workflows?limit=1", Ct);
        return JsonDocument.Parse(list).RootElement.GetProperty("total").GetInt32();
    }

    private async Task AssertServesAsync()
    {
        Assert.Equal(HttpStatusCode.OK, (await api.Process.Client.GetAsync("/health/live", Ct)).StatusCode);
        var yaml = Stage("1ms").Replace("name: n", $"name: still-serving-{Guid.NewGuid():N}", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await api.Process.Client.PostJsonAsync("/api/v1/workflows", new { yaml })).StatusCode);
    }

    private static string Stage(string x) =>
        "workflow: { id: w, name: n, version: 1 }\nconfig:\n  parameters:\n    p: { type: string }\nstages:\n" +
        $"  - {{ id: a, type: delay, inputs: {{ duration: 1ms, x: {x} }} }}\n";
}
