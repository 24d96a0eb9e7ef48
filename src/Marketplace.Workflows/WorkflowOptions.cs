using System.ComponentModel.DataAnnotations;
using Marketplace.Data.Jobs;

namespace Marketplace.Workflows;

/// <summary>Settings of the <c>Workflows</c> configuration section.</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflows";

    /// <summary>Run jobs — workflow executions, imports and scans — in this process (the API host runs them by default).</summary>
    public bool RunnerEnabled { get; set; } = true;

    [Range(1, 256, ErrorMessage = "Workflows:MaxConcurrentExecutions must be between {1} and {2}.")]
    public int MaxConcurrentExecutions { get; set; } = 4;

    /// <summary>Import jobs one runner runs at once (their batches queue at the write gate behind interactive writes).</summary>
    [Range(1, 256, ErrorMessage = "Workflows:MaxConcurrentImports must be between {1} and {2}.")]
    public int MaxConcurrentImports { get; set; } = 4;

    /// <summary>Scan jobs one runner runs at once (a scan may fetch a repository for minutes).</summary>
    [Range(1, 256, ErrorMessage = "Workflows:MaxConcurrentScans must be between {1} and {2}.")]
    public int MaxConcurrentScans { get; set; } = 2;

    [Range(1, 64, ErrorMessage = "Workflows:MaxParallelStages must be between {1} and {2}.")]
    public int MaxParallelStages { get; set; } = 3;

    /// <summary>
    /// How long a runner's claim on an execution lasts without a heartbeat; a crashed runner's work is taken over after it.
    /// (Import and scan jobs have theirs in <c>Import:LeaseDuration</c>.)
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Workflows:LeaseDuration must be between {1} and {2}.")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle runner looks for jobs other processes created (its own wake it at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "Workflows:PollInterval must be between {1} and {2}.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a running execution re-reads its state, so pause/cancel/approve from another process arrive.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "Workflows:ControlPollInterval must be between {1} and {2}.")]
    public TimeSpan ControlPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Runs of one execution that may stop on an unexpected error (not a stage's failure, which its error policy handles)
    /// before the execution fails with that error; a run that completes a step starts the count again.
    /// </summary>
    [Range(1, 100, ErrorMessage = "Workflows:MaxRunFailures must be between {1} and {2}.")]
    public int MaxRunFailures { get; set; } = 5;

    /// <summary>The wait after the first failed run; it doubles with each further one, up to <see cref="RunFailureMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "Workflows:RunFailureDelay must be between {1} and {2}.")]
    public TimeSpan RunFailureDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "Workflows:RunFailureMaxDelay must be between {1} and {2}.")]
    public TimeSpan RunFailureMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The lease is renewed this often: a third of its duration, so two renewals can fail before it lapses.</summary>
    public TimeSpan HeartbeatInterval => Heartbeat.IntervalOf(LeaseDuration);

    /// <summary>How many jobs of <paramref name="kind"/> (<see cref="JobKinds"/>) one runner runs at once.</summary>
    public int MaxConcurrent(string kind) => kind switch
    {
        JobKinds.Import => MaxConcurrentImports,
        JobKinds.Scan => MaxConcurrentScans,
        _ => MaxConcurrentExecutions,
    };
}
