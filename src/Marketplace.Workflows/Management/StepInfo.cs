using System.Text.Json.Nodes;
using Marketplace.Data.Model;

namespace Marketplace.Workflows.Management;

/// <summary>One step of an execution, in plan order.</summary>
public sealed record StepInfo(
    string StageId,
    string Name,
    string Type,
    int Level,
    StepStatus Status,
    int Attempt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    JsonNode? Inputs,
    JsonNode? Outputs,
    string? Error);
