using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Marketplace.Ui.Tests;

/// <summary>
/// The UI's server-sent event reader (fetch + a stream parser, since EventSource cannot send the key) in the browser:
/// the WHATWG line rules across chunk borders, and a stream cut short resumed with Last-Event-ID, no gap, no repeat.
/// </summary>
public sealed class EventStreamUiTests : IAsyncLifetime
{
    private UiHost _host = null!;
    private UiSession _ui = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new UiHost();
        _ui = await UiSession.OpenAsync(_host);
    }

    public async ValueTask DisposeAsync()
    {
        await _ui.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Parser_ChunksSplitAnywhere_GivesTheEventsOfTheWholeStream()
    {
        await _ui.Page.GotoAsync("/");
        var events = await _ui.Page.EvaluateAsync<JsonElement>("""
            (async () => {
              const { parseEventStream } = await import('/js/sse.js');
              const out = [];
              const p = parseEventStream((e) => out.push(e));
              for (const c of ['id: 1\r', '\nevent: a\r\ndata: x\r', '\ndata: y\r\n\r\n: comment\n\nid: 2\nda', 'ta: {"k":1}\n', '\n',
                'retry: 2500\rdata\r\r']) p.push(c);
              return { out, retry: p.retry };
            })()
            """);
        var list = events.GetProperty("out").EnumerateArray().Select(e => (
            e.GetProperty("id").GetString(), e.GetProperty("type").GetString(), e.GetProperty("data").GetString())).ToList();
        Assert.Equal([("1", "a", "x\ny"), ("2", "message", """{"k":1}"""), ("2", "message", "")], list);
        Assert.Equal(2500, events.GetProperty("retry").GetInt32());
    }

    [Fact]
    public async Task Stream_CutShort_ResumesWithLastEventIdAndNoGapOrRepeat()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        var executionId = await FinishedExecutionAsync(http, ct);
        var path = $"/api/v1/workflow-executions/{executionId}/events";
        var whole = await http.GetStringAsync(path, ct);
        var blocks = whole.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(b => b.Contains("id: ", StringComparison.Ordinal)).ToList();
        Assert.True(blocks.Count >= 5, whole);

        // The first answer carries two events and then the connection ends, as a dropped one does.
        var page = _ui.Page;
        var lastEventIds = new List<string?>();
        await page.RouteAsync("**/events", async route =>
        {
            lastEventIds.Add(route.Request.Headers.TryGetValue("last-event-id", out var id) ? id : null);
            if (lastEventIds.Count == 1)
            {
                await route.FulfillAsync(new RouteFulfillOptions
                {
                    Status = 200, ContentType = "text/event-stream", Body = string.Join("\n\n", blocks.Take(2)) + "\n\n",
                });
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        await page.GotoAsync("/");
        var seen = await page.EvaluateAsync<JsonElement>($$"""
            (async () => {
              const { openStream } = await import('/js/sse.js');
              const ids = []; const types = []; const states = [];
              await new Promise((resolve) => openStream('{{path}}', {
                onEvent: (e) => { ids.push(Number(e.id)); types.push(e.type); return e.type === 'execution_completed'; },
                onState: (s) => { states.push(s); if (s === 'ended') resolve(); },
              }));
              return { ids, types, states };
            })()
            """);

        var ids = seen.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(ids[0], blocks.Count), ids);
        Assert.Equal("execution_completed", seen.GetProperty("types").EnumerateArray().Last().GetString());
        Assert.Contains("reconnecting", seen.GetProperty("states").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([null, ids[1].ToString(System.Globalization.CultureInfo.InvariantCulture)], lastEventIds);
    }

    private static async Task<Guid> FinishedExecutionAsync(HttpClient http, CancellationToken ct)
    {
        const string yaml = """
            workflow: { id: two-delays, name: Two delays, version: 1.0.0 }
            stages:
              - { id: first, name: First, type: delay, inputs: { duration: 10ms } }
              - { id: second, name: Second, type: delay, depends_on: [first], inputs: { duration: 10ms } }
            """;
        using var created = await http.PostAsJsonAsync("/api/v1/workflows", new { yaml }, ct);
        created.EnsureSuccessStatusCode();
        var workflowId = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        using var started = await http.PostAsJsonAsync("/api/v1/workflow-executions", new { workflowId, parameters = new { } }, ct);
        started.EnsureSuccessStatusCode();
        var executionId = (await started.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        // The stream ends after the terminal event: reading it whole waits for the execution to finish.
        _ = await http.GetStringAsync($"/api/v1/workflow-executions/{executionId}/events", ct);
        return executionId;
    }
}
