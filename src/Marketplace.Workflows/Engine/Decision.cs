using Marketplace.Data.Model;
using Marketplace.Workflows.Definitions;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// The scheduler's answer: stages to start, stages to skip (with why), gates waiting, the final status when nothing
/// is left, or the error that halts the execution.
/// </summary>
internal sealed record Decision(
    IReadOnlyList<StageDefinition> Ready,
    IReadOnlyList<(string StageId, string Reason)> Skip,
    IReadOnlyList<StageDefinition> Waiting,
    ExecutionStatus? Finished,
    string? HaltError);
