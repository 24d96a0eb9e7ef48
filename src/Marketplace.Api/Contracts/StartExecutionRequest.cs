using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace Marketplace.Api.Contracts;

/// <summary>Starts a workflow: its id and the values of its declared parameters (an object of any JSON values).</summary>
public sealed record StartExecutionRequest(
    Guid WorkflowId,
    JsonObject? Parameters,
    [MaxLength(64, ErrorMessage = "trigger is at most 64 characters.")] string? Trigger = null);
