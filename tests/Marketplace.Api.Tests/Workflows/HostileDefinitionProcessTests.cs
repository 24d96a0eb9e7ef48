using System.Net;
using Microsoft.Data.Sqlite;

namespace Marketplace.Api.Tests.Workflows;

/// <summary>
/// Definitions that used to overflow the stack and end the whole process, sent to the API running as its own process:
/// each is a 400 that names the limit it hit (or the alias cycle), and the same process serves afterwards.
/// </summary>
public sealed class HostileDefinitionProcessTests : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("marketplace-hostile-").FullName;
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
        ("100 000 '(' in an expression", Stage("\"${{ " + new string('(', 100_000) + "parameters.p" + new string(')', 100_000)
            + " }}\""), "Workflows:Limits:MaxExpressionChars"),
        ("a chain of 100 000 '&&'", Stage("\"${{ true" + string.Concat(Enumerable.Repeat(" && true", 100_000)) + " }}\""),
            "Workflows:Limits:MaxExpressionChars"),
    ];

    [Fact]
    public async Task Create_DefinitionsThatOverflowedTheStack_Are400NamingALimitAndTheSameProcessServes()
    {
        await using var api = await HostProcess.StartAsync(_folder, new Dictionary<string,
            string> { ["Workflows__RunnerEnabled"] = "false" });
        var failures = new List<string>();
        foreach (var (what, yaml, names) in Bodies)
        {
            try
            {
                using var response = await api.Client.PostJsonAsync("/api/v1/workflows", new { yaml });
                var body = await response.Content.ReadAsStringAsync(Ct);
                if (response.StatusCode != HttpStatusCode.BadRequest || !body.Contains(names, StringComparison.Ordinal))
                {
                    failures.Add($"{what}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
                }
            }
            catch (HttpRequestException e)
            {
                var output = api.Output[^Math.Min(api.Output.Length, 2000)..];
                failures.Add($"{what}: the API process went away ({e.Message})\n--- its output ---\n{output}");
                break;
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync("/health/live", Ct)).StatusCode);
        var created = await api.Client.PostJsonAsync("/api/v1/workflows", new { yaml = Stage("1ms").Replace("name: n",
            "name: still-serving", StringComparison.Ordinal) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private static string Stage(string x) =>
        "workflow: { id: w, name: n, version: 1 }\nconfig:\n  parameters:\n    p: { type: string }\nstages:\n" +
        $"  - {{ id: a, type: delay, inputs: {{ duration: 1ms, x: {x} }} }}\n";

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
