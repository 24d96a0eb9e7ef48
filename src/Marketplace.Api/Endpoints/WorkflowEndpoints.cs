using Marketplace.Api.Contracts;
using Marketplace.Api.Problems;
using Marketplace.Workflows.Management;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Api.Endpoints;

/// <summary><c>/api/v1/workflows</c>: workflow definitions (YAML in <c>yaml</c>), each returned with its stage plan.</summary>
internal static class WorkflowEndpoints
{
    public static IEndpointRouteBuilder MapWorkflowEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/workflows").WithTags("Workflows");
        group.MapPost("/", CreateWorkflow).ProducesValidationProblem();
        group.MapGet("/", ListWorkflows).ProducesValidationProblem();
        group.MapGet("/{workflowId:guid}", GetWorkflow);
        group.MapPut("/{workflowId:guid}", ReplaceWorkflow).ProducesValidationProblem();
        group.MapDelete("/{workflowId:guid}", DeleteWorkflow);
        return routes;
    }

    /// <summary>Create a workflow</summary>
    /// <remarks>
    /// The YAML definition in `yaml`; every problem (unknown fields, cycles, bad durations, expressions naming what is
    /// not declared) is reported at once under its field path. A name already in use is 409.
    /// </remarks>
    public static Task<Results<CreatedAtRoute<WorkflowInfo>, ConflictProblem>> CreateWorkflow(
        WorkflowRequest request, WorkflowService workflows, CancellationToken cancellationToken) => Outcome.OrConflict(async () =>
    {
        var workflow = await workflows.CreateAsync(request.Yaml, cancellationToken);
        return TypedResults.CreatedAtRoute(workflow, nameof(GetWorkflow), new { workflowId = workflow.Id });
    });

    /// <summary>List workflows</summary>
    /// <remarks>By name, paged.</remarks>
    public static async Task<Ok<PagedResponse<WorkflowInfo>>> ListWorkflows(
        [AsParameters] PageQuery page, WorkflowService workflows, CancellationToken cancellationToken)
    {
        var (items, total) = await workflows.ListAsync(page.Offset, page.Count, cancellationToken);
        return TypedResults.Ok(page.Of<WorkflowInfo>(items, total));
    }

    /// <summary>Get a workflow</summary>
    /// <remarks>The definition with its stage plan (`levels`: stage ids by level).</remarks>
    public static Task<Results<Ok<WorkflowInfo>, NotFoundProblem>> GetWorkflow(
        Guid workflowId, WorkflowService workflows, CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () => TypedResults.Ok(await workflows.GetAsync(workflowId, cancellationToken)));

    /// <summary>Replace a workflow</summary>
    /// <remarks>A new YAML definition for the same id; executions already started keep the definition they started with.</remarks>
    public static Task<Results<Ok<WorkflowInfo>, NotFoundProblem, ConflictProblem>> ReplaceWorkflow(
        Guid workflowId, WorkflowRequest request, WorkflowService workflows, CancellationToken cancellationToken) =>
        Outcome.OrNotFoundOrConflict(async () =>
            TypedResults.Ok(await workflows.ReplaceAsync(workflowId, request.Yaml, cancellationToken)));

    /// <summary>Delete a workflow</summary>
    /// <remarks>Its executions stay (they keep a snapshot of the definition).</remarks>
    public static Task<Results<NoContent, NotFoundProblem>> DeleteWorkflow(
        Guid workflowId, WorkflowService workflows, CancellationToken cancellationToken) =>
        Outcome.OrNotFound(async () =>
        {
            await workflows.DeleteAsync(workflowId, cancellationToken);
            return TypedResults.NoContent();
        });
}
