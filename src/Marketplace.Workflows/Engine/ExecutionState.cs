using Marketplace.Data.Model;

namespace Marketplace.Workflows.Engine;

/// <summary>An execution as the runner re-reads it between transitions.</summary>
internal sealed record ExecutionState(ExecutionStatus Status, string? LeaseOwner, IReadOnlyDictionary<string, StepState> Steps);
