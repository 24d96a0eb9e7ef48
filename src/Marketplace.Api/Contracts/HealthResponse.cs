using System.Text.Json.Serialization;

namespace Marketplace.Api.Contracts;

/// <summary>A health report: its status alone, or with each check's figures for a caller the API lets in.</summary>
public sealed record HealthResponse(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? DurationMs = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, HealthCheckEntry>? Checks = null);
