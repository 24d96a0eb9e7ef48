using Marketplace.Api.Contracts;
using Marketplace.Workflows.Management;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Api.Endpoints;

/// <summary><c>/api/v1/workflows</c>: workflow definitions (YAML in <c>yaml</c>), each returned with its stage plan.</summary>
internal static class WorkflowEndpoints
{
    public static IEndpointRouteBuilder MapWorkflowEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/workflows").WithTags("Workflows");
        group.MapPost("/", CreateWorkflow).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListWorkflows).ProducesValidationProblem();
        group.MapGet("/{workflowId:guid}", GetWorkflow).WithName(nameof(GetWorkflow)).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{workflowId:guid}", ReplaceWorkflow).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{workflowId:guid}", DeleteWorkflow).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<CreatedAtRoute<WorkflowInfo>> CreateWorkflow(WorkflowRequest request, WorkflowService workflows, CancellationToken cancellationToken)
    {
        var workflow = await workflows.CreateAsync(request.Yaml, cancellationToken);
        return TypedResults.CreatedAtRoute(workflow, nameof(GetWorkflow), new { workflowId = workflow.Id });
    }

    public static async Task<Ok<PagedResponse<WorkflowInfo>>> ListWorkflows(WorkflowService workflows, CancellationToken cancellationToken, int? skip = null, int? limit = null)
    {
        var (s, l) = Paging.Validate(skip, limit);
        var (items, total) = await workflows.ListAsync(s, l, cancellationToken);
        return TypedResults.Ok(new PagedResponse<WorkflowInfo>(items, total, s, l));
    }

    public static async Task<Ok<WorkflowInfo>> GetWorkflow(Guid workflowId, WorkflowService workflows, CancellationToken cancellationToken) =>
        TypedResults.Ok(await workflows.GetAsync(workflowId, cancellationToken));

    public static async Task<Ok<WorkflowInfo>> ReplaceWorkflow(Guid workflowId, WorkflowRequest request, WorkflowService workflows, CancellationToken cancellationToken) =>
        TypedResults.Ok(await workflows.ReplaceAsync(workflowId, request.Yaml, cancellationToken));

    public static async Task<NoContent> DeleteWorkflow(Guid workflowId, WorkflowService workflows, CancellationToken cancellationToken)
    {
        await workflows.DeleteAsync(workflowId, cancellationToken);
        return TypedResults.NoContent();
    }
}
