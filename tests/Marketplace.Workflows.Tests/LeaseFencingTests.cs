using System.Text.Json.Nodes;
using Marketplace.Caching;
using Marketplace.Catalog;
using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Workflows.Engine;
using Marketplace.Workflows.Management;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Workflows.Tests;

/// <summary>Leases fence every transition: a claim that lapsed and was taken again — even by the same runner — writes nothing more.</summary>
public sealed class LeaseFencingTests : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("marketplace-lease-").FullName;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Transition_AfterTheLeaseLapsedAndWasClaimedAgain_IsRefusedAndTheNewClaimRunsTheStep()
    {
        using var host = await StartHostAsync();
        var services = host.Services;
        var workflow = await services.GetRequiredService<WorkflowService>().CreateAsync(
            "workflow: { id: w, name: fencing, version: 1 }\nstages:\n  - { id: s1, type: delay, inputs: { duration: 1ms } }\n", Ct);
        var execution = await services.GetRequiredService<ExecutionService>().StartAsync(workflow.Id, null, "test", Ct);
        var claims = services.GetRequiredService<ExecutionClaims>();
        var steps = services.GetRequiredService<StepTransitions>();
        var executions = services.GetRequiredService<ExecutionTransitions>();

        var first = (await claims.ClaimNextAsync("runner-1/claim-a", [], Ct))!;
        Assert.Equal(1, await steps.StartAsync(first.Lease, "s1", [], Ct));
        Assert.Null(await claims.ClaimNextAsync("runner-1/claim-b", [], Ct)); // held: nobody else may claim
        await Task.Delay(TimeSpan.FromSeconds(1.2), Ct); // the 1 s lease lapses without a heartbeat
        var second = (await claims.ClaimNextAsync("runner-1/claim-b", [], Ct))!;

        await Assert.ThrowsAsync<LeaseLostException>(() => steps.CompleteAsync(first.Lease, "s1", new JsonObject(), fromCache: false, Ct));
        await Assert.ThrowsAsync<LeaseLostException>(() => executions.RenewAsync(first.Lease, Ct));
        Assert.Equal(2, await steps.StartAsync(second.Lease, "s1", [], Ct)); // the claim put the orphaned step back
        await steps.CompleteAsync(second.Lease, "s1", new JsonObject { ["by"] = "b" }, fromCache: false, Ct);
        var state = (await executions.ReadAsync(execution.Id, Ct))!;
        Assert.Equal((Data.Model.StepStatus.Completed, "{\"by\":\"b\"}"), (state.Steps["s1"].Status, state.Steps["s1"].Outputs));
    }

    private async Task<IHost> StartHostAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _folder });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(_folder, "marketplace.db")}",
            ["Workflows:RunnerEnabled"] = "false",
            ["Workflows:LeaseDuration"] = "00:00:01",
            ["Maintenance:Enabled"] = "false",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMarketplaceData().AddMarketplaceBlobCache().AddMarketplaceCatalog().AddMarketplaceWorkflows();
        var host = builder.Build();
        await host.StartAsync(Ct);
        return host;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
