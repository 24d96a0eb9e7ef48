using System.Text.Json.Nodes;
using Marketplace.Data.Model;

namespace Marketplace.Workflows.Management;

/// <summary>An execution; <see cref="Steps"/> is filled when one execution is read, empty in lists.</summary>
public sealed record ExecutionInfo(
    Guid Id,
    Guid? WorkflowId,
    string WorkflowName,
    string WorkflowVersion,
    string DefinitionHash,
    ExecutionStatus Status,
    string Trigger,
    JsonNode? Parameters,
    string? LeaseOwner,
    DateTimeOffset? LeaseExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    IReadOnlyList<IReadOnlyList<string>> Levels,
    IReadOnlyList<StepInfo> Steps);

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

/// <summary>One appended event; <see cref="Sequence"/> is its SSE id.</summary>
public sealed record ExecutionEventInfo(int Sequence, string Type, string? StageId, JsonNode? Data, DateTimeOffset At);
