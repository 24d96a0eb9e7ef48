using Marketplace.Data.Model;

namespace Marketplace.Workflows.Engine;

/// <summary>One step as the scheduler needs it. A skip with an <see cref="Error"/> was caused by a failed dependency.</summary>
internal sealed record StepState(StepStatus Status, string? Error, DateTimeOffset? StartedAt, string? Outputs);
