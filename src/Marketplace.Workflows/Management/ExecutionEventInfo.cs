using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Management;

/// <summary>One appended event; <see cref="Sequence"/> is its SSE id.</summary>
public sealed record ExecutionEventInfo(int Sequence, string Type, string? StageId, JsonNode? Data, DateTimeOffset At);
