namespace Marketplace.Workflows.Definitions;

/// <summary>A manual approval; without a decision by <see cref="Timeout"/> the gate does <see cref="OnTimeout"/>.</summary>
public sealed record GateDefinition(string Kind, TimeSpan? Timeout, GateTimeoutAction OnTimeout)
{
    public static readonly GateDefinition Default = new("manual_approval", null, GateTimeoutAction.Reject);
}
