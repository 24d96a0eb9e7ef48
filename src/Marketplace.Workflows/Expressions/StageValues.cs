using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Expressions;

/// <summary>A stage as expressions see it.</summary>
internal sealed record StageValues(string Status, JsonNode? Outputs);
