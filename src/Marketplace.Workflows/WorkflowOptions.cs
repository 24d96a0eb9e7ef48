using System.ComponentModel.DataAnnotations;

namespace Marketplace.Workflows;

/// <summary>Settings of the <c>Workflows</c> configuration section.</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflows";

    /// <summary>Run executions in this process (the API host runs them by default).</summary>
    public bool RunnerEnabled { get; set; } = true;

    [Range(1, 256, ErrorMessage = "Workflows:MaxConcurrentExecutions must be between {1} and {2}.")]
    public int MaxConcurrentExecutions { get; set; } = 4;

    [Range(1, 64, ErrorMessage = "Workflows:MaxParallelStages must be between {1} and {2}.")]
    public int MaxParallelStages { get; set; } = 3;
}
