using Marketplace.Data.Model;

namespace Marketplace.Workflows.Engine;

/// <summary>An execution as the runner re-reads it between transitions.</summary>
internal sealed record ExecutionState(ExecutionStatus Status, string? LeaseOwner, IReadOnlyDictionary<string, StepState> Steps);

/// <summary>One step as the scheduler needs it. A skip with an <see cref="Error"/> was caused by a failed dependency.</summary>
internal sealed record StepState(StepStatus Status, string? Error, DateTimeOffset? StartedAt, string? Outputs);
