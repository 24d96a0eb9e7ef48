using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Engine;

/// <summary>How one stage's run ended in this runner.</summary>
internal sealed record StageOutcome(StageOutcomeKind Kind, JsonNode? Outputs = null, string? Error = null, bool FromCache = false);

internal enum StageOutcomeKind
{
    Completed,
    AwaitsApproval,
    Failed,
    TimedOut,

    /// <summary>Stopped from outside (pause, cancel, halt of a sibling, shutdown, lost lease): not a failure of the stage.</summary>
    Interrupted,
}
