namespace Marketplace.Data.Model;

/// <summary>Lifecycle of one stage's step within an execution.</summary>
public enum StepStatus
{
    Pending,
    Running,
    WaitingForApproval,
    Completed,
    Failed,
    Skipped,
    TimedOut,
    Cancelled
}
