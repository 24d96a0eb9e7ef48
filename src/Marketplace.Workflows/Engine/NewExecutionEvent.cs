using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Engine;

/// <summary>An event about to be appended to <c>execution_events</c>: its type (<see cref="ExecutionEvents"/>), stage and data.</summary>
public sealed record NewExecutionEvent(string Type, string? StageId = null, JsonObject? Data = null);
