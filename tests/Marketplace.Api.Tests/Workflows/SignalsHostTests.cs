using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Workflows;

/// <summary>The in-process wake-ups of a real host hold nothing for executions that finished or streams that closed.</summary>
public sealed class SignalsHostTests(SignalsHostTests.Host host) : WorkflowApiTest(host), IClassFixture<SignalsHostTests.Host>
{
    public sealed class Host() : WorkflowHost();

    [Fact]
    public async Task Signals_AfterExecutionsFinishAndTheirStreamsClose_HoldOnlyTheIdleRunnersWait()
    {
        var signals = Factory.Services.GetRequiredService<JobSignals>();
        var quick = await Client.CreateFromStagesAsync("- { id: a, type: delay, inputs: { duration: 1ms } }");
        var ids = new List<Guid>();
        for (var i = 0; i < 60; i++)
        {
            var id = (await Client.StartAsync(quick.Id)).Id;
            ids.Add(id);
            await Client.EventsAsync(id, max: i % 2 == 0 ? 1 : int.MaxValue); // half closed early by the client, half read to the end
        }

        foreach (var id in ids)
        {
            await Client.WaitForStatusAsync(id, ExecutionStatus.Completed);
        }

        // A stream the client left notices at its next poll (250 ms); then only the idle runner waits, for new work.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (signals.Count > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.InRange(signals.Count, 0, 1);
    }
}
