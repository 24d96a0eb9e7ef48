using System.Net;
using Marketplace.Caching;
using Marketplace.Data.Model;
using Marketplace.Data.Sqlite;
using Marketplace.Data.WriteUnits;
using Marketplace.Workflows.Diagnostics;
using Marketplace.Workflows.Maintenance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Marketplace.Api.Tests.Workflows;

/// <summary>One maintenance iteration against the API host's real files, with the clock moved forward.</summary>
public sealed class DatabaseMaintenanceTests(DatabaseMaintenanceTests.Host host)
    : WorkflowApiTest(host), IClassFixture<DatabaseMaintenanceTests.Host>
{
    public sealed class Host() : WorkflowHost();

    [Fact]
    public async Task RunOnce_OldFinishedWork_IsRemovedInBatchesAndLiveWorkKept()
    {
        var quick = await Client.CreateFromStagesAsync("- { id: a, type: delay, inputs: { duration: 1ms } }");
        var finished = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            finished.Add((await Client.WaitForStatusAsync((await Client.StartAsync(quick.Id)).Id, ExecutionStatus.Completed)).Id);
        }

        var gated = await Client.CreateFromStagesAsync("- { id: wait, type: gate }");
        var waiting = (await Client.WaitForStatusAsync((await Client.StartAsync(gated.Id)).Id, ExecutionStatus.Waiting)).Id;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(2));

        var first = await Maintenance(time).RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal((3 * 5, 0, true), (first.EventsDeleted, first.ExecutionsDeleted, first.Optimized)); // 5 events per finished run
        Assert.Empty(await Client.EventsAsync(finished[0]));
        Assert.Single(await Client.EventsAsync(waiting, max: 1));
        Assert.True(first.Wal.Ran, "a WAL over 1 KiB is checkpointed");
        Assert.Equal(0, first.Wal.WalBytesAfter);

        time.Advance(TimeSpan.FromDays(40));
        var second = await Maintenance(time).RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, second.ExecutionsDeleted);
        foreach (var id in finished)
        {
            await ProblemAssert.IsProblemAsync(await Client.Http.GetAsync($"/api/v1/workflow-executions/{id}", TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
        }

        Assert.Equal(ExecutionStatus.Waiting, (await Client.GetAsync(waiting)).Status);
    }

    private DatabaseMaintenance Maintenance(TimeProvider time)
    {
        var services = Factory.Services;
        return new DatabaseMaintenance(
            services.GetRequiredService<SqliteMaintenance>(),
            services.GetRequiredService<IWriteUnitRunner>(),
            services.GetRequiredService<BlobCache>(),
            Options.Create(new MaintenanceOptions { EventRetention = TimeSpan.FromDays(1), ExecutionRetention = TimeSpan.FromDays(30), WalCheckpointBytes = 1024, DeleteBatchSize = 2 }),
            services.GetRequiredService<WorkflowMetrics>(),
            time);
    }
}
