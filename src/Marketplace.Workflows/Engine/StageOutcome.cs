using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Engine;

/// <summary>How one stage's run ended in this runner.</summary>
internal sealed record StageOutcome(StageOutcomeKind Kind, JsonNode? Outputs = null, string? Error = null, bool FromCache = false);
