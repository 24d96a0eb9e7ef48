using System.Net;
using Marketplace.Data.Model;
using Marketplace.Workflows.Management;

namespace Marketplace.Api.Tests.Workflows;

/// <summary>Typed calls to the workflow endpoints for tests; each asserts the status it expects.</summary>
internal sealed class WorkflowClient(HttpClient http)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public HttpClient Http => http;

    public async Task<WorkflowInfo> CreateAsync(string yaml) =>
        await ProblemAssert.IsJsonAsync<WorkflowInfo>(await http.PostJsonAsync("/api/v1/workflows", new { yaml }), HttpStatusCode.Created);

    /// <summary>A workflow named uniquely, so tests sharing a database never collide.</summary>
    public Task<WorkflowInfo> CreateAsync(string stages, string parameters) =>
        CreateAsync($"workflow: {{ id: t, name: 'test {Guid.NewGuid():N}', version: 1.0.0 }}\n{parameters}stages:\n{Indent(stages)}");

    public Task<WorkflowInfo> CreateFromStagesAsync(string stages) => CreateAsync(stages, "");

    public async Task<ExecutionInfo> StartAsync(Guid workflowId, object? parameters = null) =>
        await ProblemAssert.IsJsonAsync<ExecutionInfo>(await http.PostJsonAsync("/api/v1/workflow-executions", new { workflowId, parameters }), HttpStatusCode.Created);

    public async Task<ExecutionInfo> GetAsync(Guid id) =>
        await ProblemAssert.IsJsonAsync<ExecutionInfo>(await http.GetAsync($"/api/v1/workflow-executions/{id}", Ct), HttpStatusCode.OK);

    public Task<HttpResponseMessage> ControlAsync(Guid id, string action) => http.PostJsonAsync($"/api/v1/workflow-executions/{id}/{action}", new { });

    public async Task<ExecutionInfo> ControlOkAsync(Guid id, string action) =>
        await ProblemAssert.IsJsonAsync<ExecutionInfo>(await ControlAsync(id, action), HttpStatusCode.OK);

    /// <summary>Polls until <paramref name="done"/> holds, failing with the last state seen after <paramref name="seconds"/>.</summary>
    public async Task<ExecutionInfo> WaitForAsync(Guid id, Func<ExecutionInfo, bool> done, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var execution = await GetAsync(id);
            if (done(execution))
            {
                return execution;
            }

            Assert.True(DateTime.UtcNow < deadline, $"execution {id} did not get there in {seconds} s; last: {execution.Status} " +
                string.Join(", ", execution.Steps.Select(s => $"{s.StageId}={s.Status}")));
            await Task.Delay(50, Ct);
        }
    }

    public Task<ExecutionInfo> WaitForStatusAsync(Guid id, ExecutionStatus status, int seconds = 30) => WaitForAsync(id, e => e.Status == status, seconds);

    /// <summary>
    /// The event stream read to its end (or to <paramref name="max"/> events: the stream of a live execution does not end);
    /// empty when the stream answers 204 (a finished execution with nothing left to send).
    /// </summary>
    public async Task<IReadOnlyList<ExecutionEventInfo>> EventsAsync(Guid id, int max = int.MaxValue)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/workflow-executions/{id}/events");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return [];
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. await SseReader.ReadAsync(response, max).Select(e => e.Event).ToListAsync(Ct)];
    }

    public static StepInfo Step(ExecutionInfo execution, string stageId) => execution.Steps.Single(s => s.StageId == stageId);

    private static string Indent(string text) => string.Join('\n', text.Trim('\n').Split('\n').Select(l => "  " + l)) + "\n";
}
