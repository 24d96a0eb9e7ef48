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

    /// <summary>How long a runner's claim on an execution lasts without a heartbeat; a crashed runner's work is taken over after it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Workflows:LeaseDuration must be between {1} and {2}.")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle runner looks for executions other processes created (its own wake it at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "Workflows:PollInterval must be between {1} and {2}.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a running execution re-reads its state, so pause/cancel/approve from another process arrive.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "Workflows:ControlPollInterval must be between {1} and {2}.")]
    public TimeSpan ControlPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The lease is renewed this often: a third of its duration, so two renewals can fail before it lapses.</summary>
    public TimeSpan HeartbeatInterval => LeaseDuration / 3;
}
