using Marketplace.Api.Contracts;
using Marketplace.Api.Infrastructure;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Workflows.Management;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Api.Endpoints;

/// <summary><c>/api/v1/workflow-executions</c>: start, list, read, control, gate decisions and the event stream.</summary>
internal static class ExecutionEndpoints
{
    public static IEndpointRouteBuilder MapExecutionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/workflow-executions").WithTags("Workflow executions");
        group.MapPost("/", StartExecution).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListExecutions).ProducesValidationProblem();
        group.MapGet("/{executionId:guid}", GetExecution).WithName(nameof(GetExecution)).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{executionId:guid}/pause", PauseExecution).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{executionId:guid}/resume", ResumeExecution).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{executionId:guid}/cancel", CancelExecution).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{executionId:guid}/gates/{stageId}/approve", ApproveGate).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{executionId:guid}/gates/{stageId}/reject", RejectGate).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{executionId:guid}/events", StreamEvents).Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<CreatedAtRoute<ExecutionInfo>> StartExecution(StartExecutionRequest request, ExecutionService executions, CancellationToken cancellationToken)
    {
        if (request.Trigger is { Length: > 64 })
        {
            throw new RequestValidationException("trigger", "trigger is at most 64 characters.");
        }

        var execution = await executions.StartAsync(request.WorkflowId, request.Parameters, request.Trigger ?? "api", cancellationToken);
        return TypedResults.CreatedAtRoute(execution, nameof(GetExecution), new { executionId = execution.Id });
    }

    public static async Task<Ok<PagedResponse<ExecutionInfo>>> ListExecutions(
        ExecutionService executions, CancellationToken cancellationToken, Guid? workflowId = null, string? status = null, int? skip = null, int? limit = null)
    {
        var (s, l) = Paging.Validate(skip, limit);
        ExecutionStatus? filter = null;
        if (status is not null)
        {
            filter = WireName.TryParse<ExecutionStatus>(status, out var parsed)
                ? parsed
                : throw new RequestValidationException("status", $"Unknown status '{status}'; use one of {WireName.List<ExecutionStatus>()}.");
        }

        var (items, total) = await executions.ListAsync(workflowId, filter, s, l, cancellationToken);
        return TypedResults.Ok(new PagedResponse<ExecutionInfo>(items, total, s, l));
    }

    public static async Task<Ok<ExecutionInfo>> GetExecution(Guid executionId, ExecutionService executions, CancellationToken cancellationToken) =>
        TypedResults.Ok(await executions.GetAsync(executionId, cancellationToken));

    public static Task<Ok<ExecutionInfo>> PauseExecution(Guid executionId, ExecutionControl control, ExecutionService executions, CancellationToken cancellationToken) =>
        ThenGet(control.PauseAsync(executionId, cancellationToken), executionId, executions, cancellationToken);

    public static Task<Ok<ExecutionInfo>> ResumeExecution(Guid executionId, ExecutionControl control, ExecutionService executions, CancellationToken cancellationToken) =>
        ThenGet(control.ResumeAsync(executionId, cancellationToken), executionId, executions, cancellationToken);

    public static Task<Ok<ExecutionInfo>> CancelExecution(Guid executionId, ExecutionControl control, ExecutionService executions, CancellationToken cancellationToken) =>
        ThenGet(control.CancelAsync(executionId, cancellationToken), executionId, executions, cancellationToken);

    public static Task<Ok<ExecutionInfo>> ApproveGate(Guid executionId, string stageId, GateDecisionRequest? request, ExecutionControl control, ExecutionService executions, CancellationToken cancellationToken) =>
        ThenGet(control.ApproveAsync(executionId, stageId, Comment(request), cancellationToken), executionId, executions, cancellationToken);

    public static Task<Ok<ExecutionInfo>> RejectGate(Guid executionId, string stageId, GateDecisionRequest? request, ExecutionControl control, ExecutionService executions, CancellationToken cancellationToken) =>
        ThenGet(control.RejectAsync(executionId, stageId, Comment(request), cancellationToken), executionId, executions, cancellationToken);

    /// <summary>
    /// Server-sent events: every event after <c>Last-Event-ID</c> (its sequence number) in order; the stream ends after
    /// the terminal event. Reconnecting with the last id seen resumes with no gap and no repeat.
    /// </summary>
    public static async Task<ExecutionEventStream> StreamEvents(Guid executionId, HttpRequest request, ExecutionService executions, CancellationToken cancellationToken)
    {
        var header = request.Headers["Last-Event-ID"].ToString();
        var after = 0;
        if (header.Length > 0 && (!int.TryParse(header, out after) || after < 0))
        {
            throw new RequestValidationException("Last-Event-ID", "Last-Event-ID must be the id (a whole number) of an event this stream sent.");
        }

        await executions.IsFinishedAsync(executionId, cancellationToken); // 404 before the stream starts
        return new ExecutionEventStream(executionId, after, executions);
    }

    private static string? Comment(GateDecisionRequest? request) =>
        request?.Comment is { Length: > 2000 } ? throw new RequestValidationException("comment", "comment is at most 2000 characters.") : request?.Comment;

    private static async Task<Ok<ExecutionInfo>> ThenGet(Task change, Guid executionId, ExecutionService executions, CancellationToken cancellationToken)
    {
        await change;
        return TypedResults.Ok(await executions.GetAsync(executionId, cancellationToken));
    }
}
