using System.Net;
using System.Net.Http.Json;
using Marketplace.Api.Tests.Postgres;
using Marketplace.Data.Model;
using Marketplace.Workflows.Management;

namespace Marketplace.Api.Tests.Workflows;

/// <summary><c>/api/v1/workflows</c>: create, read, replace, delete; validation and uniqueness. On SQLite.</summary>
public sealed class WorkflowDefinitionEndpointsTests(WorkflowDefinitionEndpointsTests.Host host)
    : WorkflowDefinitionScenarios(host), IClassFixture<WorkflowDefinitionEndpointsTests.Host>
{
    public sealed class Host() : WorkflowHost(WorkflowDefinitionScenarios.Settings);
}

/// <summary>The same definitions on PostgreSQL.</summary>
public sealed class WorkflowDefinitionEndpointsTestsOnPostgres(WorkflowDefinitionEndpointsTestsOnPostgres.Host host)
    : WorkflowDefinitionScenarios(host), IClassFixture<WorkflowDefinitionEndpointsTestsOnPostgres.Host>
{
    public sealed class Host(PostgresFixture postgres) : WorkflowHost(WorkflowDefinitionScenarios.Settings, postgres: postgres);
}

/// <summary><c>/api/v1/workflows</c>: create, read, replace, delete; validation and uniqueness. Run by a class per provider.</summary>
public abstract class WorkflowDefinitionScenarios(WorkflowHost host) : WorkflowApiTest(host)
{
    internal static Dictionary<string, string?> Settings => new() { ["Workflows:RunnerEnabled"] = "false" };

    [Fact]
    public async Task Workflow_CreateReplaceDelete_RoundTripsAndExecutionsOutliveIt()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "workflows", "import-and-review.yaml"), Ct);
        var created = await Client.CreateAsync(yaml);
        Assert.Equal(("Import and review", "1.0.0", 64), (created.Name, created.Version, created.DefinitionHash.Length));
        Assert.Equal([["import"], ["review"], ["settle"]], created.Levels.Select(l => l.ToArray()).ToArray());
        await ProblemAssert.IsProblemAsync(await Client.Http.PostJsonAsync("/api/v1/workflows", new { yaml }), HttpStatusCode.Conflict);

        var execution = await Client.StartAsync(created.Id, new { sourceId = Guid.NewGuid().ToString(), entryIds = Array.Empty<string>() });
        var replaced = await ProblemAssert.IsJsonAsync<WorkflowInfo>(
            await Client.Http.PutAsJsonAsync($"/api/v1/workflows/{created.Id}", new { yaml = yaml.Replace("1.0.0", "1.1.0", StringComparison.Ordinal) }, ProblemAssert.JsonOptions, Ct), HttpStatusCode.OK);
        Assert.Equal("1.1.0", replaced.Version);
        Assert.NotEqual(created.DefinitionHash, replaced.DefinitionHash);

        Assert.Equal(HttpStatusCode.NoContent, (await Client.Http.DeleteAsync($"/api/v1/workflows/{created.Id}", Ct)).StatusCode);
        await ProblemAssert.IsProblemAsync(await Client.Http.GetAsync($"/api/v1/workflows/{created.Id}", Ct), HttpStatusCode.NotFound);
        var kept = await Client.GetAsync(execution.Id);
        Assert.Equal((null, "1.0.0", ExecutionStatus.Pending, 3), (kept.WorkflowId, kept.WorkflowVersion, kept.Status, kept.Steps.Count));
    }

    [Fact]
    public async Task Workflow_InvalidDefinition_Is400WithFieldPathsAndStoresNothing()
    {
        var problem = await ProblemAssert.IsProblemAsync(await Client.Http.PostJsonAsync("/api/v1/workflows", new
        {
            yaml = "workflow: { id: w, name: invalid-one, version: 1 }\nstages:\n  - { id: a, type: nope }\n  - { id: b, type: delay, depends_on: [zz], inputs: { duration: 1s } }\n",
        }), HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("stages[0].type", out _));
        Assert.True(errors.TryGetProperty("stages[1].depends_on[0]", out _));
        var list = await Client.Http.GetStringAsync("/api/v1/workflows?limit=500", Ct);
        Assert.DoesNotContain("invalid-one", list, StringComparison.Ordinal);
    }
}
