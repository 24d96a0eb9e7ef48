using System.Text.Json.Nodes;

namespace Marketplace.Data.Jobs;

/// <summary>One event of an import or scan job: <c>id</c> is its sequence number (the SSE id), <c>data</c> its figures.</summary>
public sealed record JobEventInfo(long Id, string Type, JsonNode? Data, DateTimeOffset At);
