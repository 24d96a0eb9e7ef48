namespace Marketplace.Data.Model;

/// <summary>Whether a workflow definition may start new executions.</summary>
public enum WorkflowStatus
{
    Active,
    Disabled
}
