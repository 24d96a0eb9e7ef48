using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Handlers;

/// <summary>How a handler finished: with outputs, or asking for a manual decision (the step then waits with no thread held).</summary>
public sealed record StageResult(JsonNode? Outputs, bool AwaitsApproval)
{
    public static StageResult Completed(JsonNode? outputs = null) => new(outputs, false);

    public static readonly StageResult WaitForApproval = new(null, true);
}
