using Marketplace.Api.Tests.Postgres;
using Marketplace.Data.Model;

namespace Marketplace.Api.Tests.Workflows;

/// <summary>Workflow executions and HTTP imports at once on one SQLite file.</summary>
public sealed class WorkflowConcurrencyTests(WorkflowConcurrencyTests.Host host)
    : WorkflowConcurrencyScenarios(host), IClassFixture<WorkflowConcurrencyTests.Host>
{
    public sealed class Host() : WorkflowHost(WorkflowConcurrencyScenarios.Settings);
}

/// <summary>Workflow executions and HTTP imports at once on one PostgreSQL database.</summary>
public sealed class WorkflowConcurrencyTestsOnPostgres(WorkflowConcurrencyTestsOnPostgres.Host host)
    : WorkflowConcurrencyScenarios(host), IClassFixture<WorkflowConcurrencyTestsOnPostgres.Host>
{
    public sealed class Host(PostgresFixture postgres) : WorkflowHost(WorkflowConcurrencyScenarios.Settings, postgres: postgres);
}

/// <summary>Workflow executions and HTTP imports at once on one database: nothing fails, nothing is lost; run by a class per provider.</summary>
public abstract class WorkflowConcurrencyScenarios(WorkflowHost host) : WorkflowApiTest(host)
{
    internal static Dictionary<string, string?> Settings => new() { ["Workflows:MaxConcurrentExecutions"] = "20" };
    private readonly MarketplaceClient _api = new(host.Client.Http);

    [Fact]
    public async Task TwentyExecutionsWithImportStages_BesideFiveHttpImports_AllCompleteAndEveryArtifactLands()
    {
        const int httpImports = 5, perImport = 100, importExecutions = 10, perExecution = 20;
        var source = await _api.RegisterSourceAsync();
        var ids = await _api.UploadAsync(source.Id, Enumerable.Range(0, httpImports * perImport + importExecutions * perExecution)
            .Select(i => MarketplaceClient.Entry($"commands/mixed-{i:D4}.md")));
        var importing = await Client.CreateAsync("""
            - { id: import, type: marketplace.import, inputs: { sourceId: "${{ parameters.sourceId }}", entryIds: "${{ parameters.entryIds }}" } }
            - { id: settle, type: delay, depends_on: [import], inputs: { duration: 20ms } }
            - { id: report, type: delay, depends_on: [settle], condition: "${{ stages.import.outputs.imported == 20 }}", inputs: { duration: 1ms } }
            """, "config:\n  parameters:\n    sourceId: { type: string, required: true }\n    entryIds: { type: array, required: true }\n");
        var plain = await Client.CreateFromStagesAsync("""
            - { id: a, type: delay, inputs: { duration: 50ms } }
            - { id: b, type: delay, depends_on: [a], inputs: { duration: 20ms } }
            - { id: c, type: delay, depends_on: [a], inputs: { duration: 20ms } }
            """);

        var imports = Enumerable.Range(0, httpImports).Select(i => _api.ImportAsync(source.Id, ids.Skip(i * perImport).Take(perImport))).ToList();
        var starts = Enumerable.Range(0, importExecutions).Select(i => Client.StartAsync(importing.Id, new
        {
            sourceId = source.Id.ToString(),
            entryIds = ids.Skip(httpImports * perImport + i * perExecution).Take(perExecution),
        })).Concat(Enumerable.Range(0, 10).Select(_ => Client.StartAsync(plain.Id))).ToList();
        var responses = await Task.WhenAll(imports);
        var executions = await Task.WhenAll(starts);

        foreach (var result in responses)
        {
            Assert.Equal(("completed", perImport, 0), (result.Status, result.Imported, result.Failed));
        }

        foreach (var execution in executions)
        {
            var done = await Client.WaitForAsync(execution.Id, e => e.FinishedAt is not null, seconds: 120);
            Assert.Equal(ExecutionStatus.Completed, done.Status);
            Assert.All(done.Steps, s => Assert.Equal(StepStatus.Completed, s.Status));
            if (done.WorkflowId == importing.Id)
            {
                Assert.Equal(perExecution, WorkflowClient.Step(done, "import").Outputs!["imported"]!.GetValue<int>());
            }
        }

        var catalog = await _api.CatalogAsync(source.Id);
        Assert.Equal(ids.Count, catalog.Count(e => e.Status == CatalogEntryStatus.Imported));
        foreach (var entry in catalog.Take(50))
        {
            Assert.NotNull(await _api.ArtifactAsync($"command:{entry.Name}@tests"));
        }
    }
}
