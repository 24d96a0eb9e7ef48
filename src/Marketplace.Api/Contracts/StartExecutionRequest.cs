using System.Text.Json.Nodes;

namespace Marketplace.Api.Contracts;

/// <summary>Starts a workflow: its id and the values of its declared parameters.</summary>
public sealed record StartExecutionRequest(Guid WorkflowId, JsonObject? Parameters, string? Trigger = null);
