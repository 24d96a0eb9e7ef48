using System.Net;
using System.Text.Json;
using Marketplace.Api.Tests.Workflows;
using Marketplace.Data.Model;

namespace Marketplace.Api.Tests.Postgres;

/// <summary>The API, the batched import and the workflow engine on a real PostgreSQL server, migrated at start-up.</summary>
public sealed class PostgresApiTests(PostgresFixture postgres) : IAsyncLifetime
{
    private MarketplaceApiFactory _factory = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _factory = WorkflowTestFactory.Create(await postgres.OnNewDatabaseAsync());

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task ImportAndWorkflow_OnPostgres_CompleteAndReadinessSaysPostgres()
    {
        var http = _factory.CreateClient();
        var api = new MarketplaceClient(http);
        var workflows = new WorkflowClient(http);
        var source = await api.RegisterSourceAsync();
        var ids = await api.UploadAsync(source.Id, Enumerable.Range(0, 40).Select(i => MarketplaceClient.Entry($"commands/pg-{i:D2}.md")));

        var result = await api.ImportAsync(source.Id, ids.Take(30), batchSize: 10);
        var again = await api.ImportAsync(source.Id, ids.Take(5));

        Assert.Equal(("completed", 30, 3), (result.Status, result.Imported, result.Batches.Count));
        Assert.Equal((0, 5), (again.Imported, again.Skipped)); // idempotent: nothing duplicated
        var workflow = await workflows.CreateAsync("""
            - { id: import, type: marketplace.import, inputs: { sourceId: "${{ parameters.sourceId }}", entryIds: "${{ parameters.entryIds }}" } }
            - { id: review, type: gate, depends_on: [import] }
            - { id: settle, type: delay, depends_on: [review], inputs: { duration: 10ms } }
            """, "config:\n  parameters:\n    sourceId: { type: string, required: true }\n    entryIds: { type: array, required: true }\n");
        var execution = await workflows.StartAsync(workflow.Id, new { sourceId = source.Id.ToString(), entryIds = ids.Skip(30) });
        await workflows.WaitForStatusAsync(execution.Id, ExecutionStatus.Waiting);
        await workflows.ControlOkAsync(execution.Id, "gates/review/approve");
        var done = await workflows.WaitForStatusAsync(execution.Id, ExecutionStatus.Completed);

        Assert.Equal(10, WorkflowClient.Step(done, "import").Outputs!["imported"]!.GetValue<int>());
        Assert.Equal(40, (await api.CatalogAsync(source.Id)).Count(e => e.Status == CatalogEntryStatus.Imported));
        var events = await workflows.EventsAsync(execution.Id);
        Assert.Equal(Enumerable.Range(1, events.Count), events.Select(e => e.Sequence));
        var ready = JsonDocument.Parse(await http.GetStringAsync("/health/ready", Ct)).RootElement;
        Assert.Equal("postgres", ready.GetProperty("checks").GetProperty("database").GetProperty("data").GetProperty("provider").GetString());
        await ProblemAssert.IsProblemAsync(await http.PostJsonAsync("/api/v1/marketplace/sources", new { repoUrl = "https://example.test/x", localPath = "/etc" }), HttpStatusCode.BadRequest);
    }
}
