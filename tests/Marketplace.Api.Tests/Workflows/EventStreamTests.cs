using System.Net;
using Marketplace.Api.Tests.Postgres;
using Marketplace.Data.Model;
using Marketplace.Workflows.Engine;

namespace Marketplace.Api.Tests.Workflows;

/// <summary>The server-sent event stream of an execution: order, end, and resuming with Last-Event-ID. On SQLite.</summary>
public sealed class EventStreamTests(EventStreamTests.Host host)
    : EventStreamScenarios(host), IClassFixture<EventStreamTests.Host>
{
    public sealed class Host() : WorkflowHost();
}

/// <summary>The same event stream on PostgreSQL.</summary>
public sealed class EventStreamTestsOnPostgres(EventStreamTestsOnPostgres.Host host)
    : EventStreamScenarios(host), IClassFixture<EventStreamTestsOnPostgres.Host>
{
    public sealed class Host(PostgresFixture postgres) : WorkflowHost(postgres: postgres);
}

/// <summary>The server-sent event stream of an execution: order, end, and resuming with Last-Event-ID. Run by a class per provider.</summary>
public abstract class EventStreamScenarios(WorkflowHost host) : WorkflowApiTest(host)
{
    [Fact]
    public async Task Events_ReconnectWithLastEventId_ResumesWithoutGapsOrRepeats()
    {
        var workflow = await Client.CreateFromStagesAsync("""
            - { id: a, type: delay, inputs: { duration: 100ms } }
            - { id: b, type: delay, depends_on: [a], inputs: { duration: 100ms } }
            - { id: c, type: delay, depends_on: [b], inputs: { duration: 100ms } }
            """);
        var id = (await Client.StartAsync(workflow.Id)).Id;

        // Live: read the first three events as they happen, then drop the connection.
        var first = await ReadAsync(id, lastEventId: null, max: 3);
        Assert.Equal(["1", "2", "3"], first.Select(e => e.Id));
        var rest = await ReadAsync(id, lastEventId: first[^1].Id, max: int.MaxValue);

        var all = first.Concat(rest).ToList();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), all.Select(e => e.Id));
        Assert.All(all, e => Assert.Equal(e.Type, e.Event.Type));
        Assert.Equal(ExecutionEvents.Completed, all[^1].Type); // and the stream ended by itself after it
        Assert.Equal(3, all.Count(e => e.Type == ExecutionEvents.StepCompleted));
        Assert.Equal(["a", "b", "c"], all.Where(e => e.Type == ExecutionEvents.StepStarted).Select(e => e.Event.StageId));
        Assert.Equal(ExecutionStatus.Completed, (await Client.GetAsync(id)).Status);

        // After the end, resuming from the last id is 204 No Content, which tells an EventSource to stop reconnecting.
        using var resume = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/workflow-executions/{id}/events") { Headers = { { "Last-Event-ID", all[^1].Id } } };
        using var past = await Client.Http.SendAsync(resume, Ct);
        Assert.Equal(HttpStatusCode.NoContent, past.StatusCode);
        Assert.Empty(await past.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Events_UnknownExecutionOrBadLastEventId_Is4xx()
    {
        await ProblemAssert.IsProblemAsync(await Client.Http.GetAsync($"/api/v1/workflow-executions/{Guid.NewGuid()}/events", Ct), HttpStatusCode.NotFound);
        var workflow = await Client.CreateFromStagesAsync("- { id: a, type: delay, inputs: { duration: 1ms } }");
        var id = (await Client.StartAsync(workflow.Id)).Id;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/workflow-executions/{id}/events");
        request.Headers.Add("Last-Event-ID", "yesterday");
        await ProblemAssert.IsProblemAsync(await Client.Http.SendAsync(request, Ct), HttpStatusCode.BadRequest);
    }

    private async Task<List<(string Id, string Type, Marketplace.Workflows.Management.ExecutionEventInfo Event)>> ReadAsync(Guid id, string? lastEventId, int max)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/workflow-executions/{id}/events");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await Client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await SseReader.ReadAsync(response, max, Ct).ToListAsync(Ct);
    }
}
