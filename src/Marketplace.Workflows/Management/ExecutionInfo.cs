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
