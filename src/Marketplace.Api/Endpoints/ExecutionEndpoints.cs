using System.ComponentModel;
using Marketplace.Api.Contracts;
using Marketplace.Api.Problems;
using Marketplace.Api.Streaming;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Workflows.Management;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Api.Endpoints;

/// <summary><c>/api/v1/workflow-executions</c>: start, list, read, control, gate decisions and the event stream.</summary>
internal static class ExecutionEndpoints
{
    public static IEndpointRouteBuilder MapExecutionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/workflow-executions").WithTags("Workflow executions");
        group.MapPost("/", StartExecution).ProducesValidationProblem();
        group.MapGet("/", ListExecutions).ProducesValidationProblem();
        group.MapGet("/{executionId:guid}", GetExecution);
        group.MapPost("/{executionId:guid}/pause", PauseExecution);
        group.MapPost("/{executionId:guid}/resume", ResumeExecution);
        group.MapPost("/{executionId:guid}/cancel", CancelExecution);
        group.MapPost("/{executionId:guid}/gates/{stageId}/approve", ApproveGate).ProducesValidationProblem();
        group.MapPost("/{executionId:guid}/gates/{stageId}/reject", RejectGate).ProducesValidationProblem();
        group.MapGet("/{executionId:guid}/events", StreamEvents).ProducesValidationProblem();
        return routes;
    }

    /// <summary>Start an execution</summary>
    /// <remarks>Runs the workflow in the background with the values of its declared parameters; it starts `pending`.</remarks>
    public static Task<Results<CreatedAtRoute<ExecutionInfo>, NotFoundProblem, ConflictProblem>> StartExecution(
        StartExecutionRequest request, ExecutionService executions, CancellationToken cancellationToken) =>
        Outcome.OrNotFoundOrConflict(async () =>
    {
        var execution = await executions.StartAsync(request.WorkflowId, request.Parameters, request.Trigger ?? "api", cancellationToken);
        return TypedResults.CreatedAtRoute(execution, nameof(GetExecution), new { executionId = execution.Id });
    });

    /// <summary>List executions</summary>
    /// <remarks>Newest first, paged, optionally of one workflow and in one status.</remarks>
    public static async Task<Ok<PagedResponse<ExecutionInfo>>> ListExecutions(
        [AsParameters] PageQuery page,
        ExecutionService executions,
        CancellationToken cancellationToken,
        Guid? workflowId = null,
        [Description("pending, running, waiting, paused, completed, failed or cancelled")] string? status = null)
    {
        ExecutionStatus? filter = null;
        if (status is not null)
        {
            filter = WireName.TryParse<ExecutionStatus>(status, out var parsed)
                ? parsed
                : throw new RequestValidationException(
                    "status", $"Unknown status '{status}'; use one of {WireName.List<ExecutionStatus>()}.");
        }

        var (items, total) = await executions.ListAsync(workflowId, filter, page.Offset, page.Count, cancellationToken);
        return TypedResults.Ok(page.Of<ExecutionInfo>(items, total));
    }

    /// <summary>Get an execution</summary>
    /// <remarks>The execution with its steps (status, attempt, inputs, outputs, error) and its plan.</remarks>
    public static Task<Results<Ok<ExecutionInfo>, NotFoundProblem>> GetExecution(
        Guid executionId, ExecutionService executions, CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () => TypedResults.Ok(await executions.GetAsync(executionId, cancellationToken)));

    /// <summary>Pause an execution</summary>
    /// <remarks>From pending, running or waiting; running steps are cancelled and run again on resume. 409 from any other state.</remarks>
    public static Task<Results<Ok<ExecutionInfo>, NotFoundProblem, ConflictProblem>> PauseExecution(
        Guid executionId, ExecutionControl control, ExecutionService executions, CancellationToken cancellationToken) =>
        ThenGet(() => control.PauseAsync(executionId, cancellationToken), executionId, executions, cancellationToken);

    /// <summary>Resume an execution</summary>
    /// <remarks>From paused; 409 from any other state.</remarks>
    public static Task<Results<Ok<ExecutionInfo>, NotFoundProblem, ConflictProblem>> ResumeExecution(
        Guid executionId, ExecutionControl control, ExecutionService executions, CancellationToken cancellationToken) =>
        ThenGet(() => control.ResumeAsync(executionId, cancellationToken), executionId, executions, cancellationToken);

    /// <summary>Cancel an execution</summary>
    /// <remarks>Until it has finished; running handlers are cancelled through their token. 409 once finished.</remarks>
    public static Task<Results<Ok<ExecutionInfo>, NotFoundProblem, ConflictProblem>> CancelExecution(
        Guid executionId, ExecutionControl control, ExecutionService executions, CancellationToken cancellationToken) =>
        ThenGet(() => control.CancelAsync(executionId, cancellationToken), executionId, executions, cancellationToken);

    /// <summary>Approve a gate</summary>
    /// <remarks>Completes a step waiting for approval, with an optional comment (its output); 409 when the step is not waiting.</remarks>
    public static Task<Results<Ok<ExecutionInfo>, NotFoundProblem, ConflictProblem>> ApproveGate(
        Guid executionId, string stageId, GateDecisionRequest? request, ExecutionControl control, ExecutionService executions,
        CancellationToken cancellationToken) =>
        ThenGet(() => control.ApproveAsync(executionId, stageId, request?.Comment, cancellationToken),
            executionId, executions, cancellationToken);

    /// <summary>Reject a gate</summary>
    /// <remarks>Fails a step waiting for approval, with an optional comment; 409 when the step is not waiting.</remarks>
    public static Task<Results<Ok<ExecutionInfo>, NotFoundProblem, ConflictProblem>> RejectGate(
        Guid executionId, string stageId, GateDecisionRequest? request, ExecutionControl control, ExecutionService executions,
        CancellationToken cancellationToken) =>
        ThenGet(() => control.RejectAsync(executionId, stageId, request?.Comment, cancellationToken),
            executionId, executions, cancellationToken);

    /// <summary>Stream an execution's events</summary>
    /// <remarks>
    /// Server-sent events: each event after `Last-Event-ID` in order (`id` = its sequence number, `event` = its type,
    /// `data` = the event as JSON); the stream ends after `execution_completed`, `execution_failed` or
    /// `execution_cancelled`. Reconnecting with the last id seen resumes with no gap and no repeat. 204 when there is
    /// nothing left to send: the execution has finished and its last event was already read.
    /// </remarks>
    public static Task<Results<ServerSentEventsResult<ExecutionEventInfo>, NoContent, NotFoundProblem>> StreamEvents(
        Guid executionId,
        [FromHeader(Name = EventStream.LastEventIdHeader), Description("The id of the last event received; the stream resumes after it.")]
        long? lastEventId,
        ExecutionService executions,
        HttpResponse response,
        CancellationToken cancellationToken) =>
        EventStream.OpenAsync(new ExecutionEventFeed(executionId, executions), lastEventId, response, cancellationToken);

    private static Task<Results<Ok<ExecutionInfo>, NotFoundProblem, ConflictProblem>> ThenGet(
        Func<Task> change, Guid executionId, ExecutionService executions, CancellationToken cancellationToken) =>
        Outcome.OrNotFoundOrConflict(async () =>
    {
        await change();
        return TypedResults.Ok(await executions.GetAsync(executionId, cancellationToken));
    });
}
