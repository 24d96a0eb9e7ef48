namespace Marketplace.Data.Model;

/// <summary>Lifecycle of a workflow execution.</summary>
public enum ExecutionStatus
{
    Pending,
    Running,
    Waiting,
    Paused,
    Completed,
    Failed,
    Cancelled
}
