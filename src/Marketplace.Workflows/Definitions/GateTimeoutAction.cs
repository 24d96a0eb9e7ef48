namespace Marketplace.Workflows.Definitions;

/// <summary>What an undecided gate does at its deadline.</summary>
public enum GateTimeoutAction
{
    Reject,
    Approve,
}
