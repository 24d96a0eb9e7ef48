namespace Marketplace.Workflows.Engine.States;

/// <summary>What moves an execution: a runner's claim and its outcomes, or a person's control.</summary>
internal enum ExecutionTrigger
{
    /// <summary>A runner takes it: new, taken over after a lapsed lease, or woken at a gate deadline.</summary>
    Claim,

    /// <summary>Nothing can run until a gate is decided: let go with no thread held.</summary>
    Park,

    /// <summary>A gate was decided: a parked execution becomes claimable again.</summary>
    DecideGate,

    Pause,
    Resume,

    /// <summary>A resume of an execution no runner ever started: it is pending again.</summary>
    ResumeBeforeStart,

    Cancel,
    Complete,
    Fail,

    /// <summary>A run stopped on an unexpected error: let go, to be claimed again after a back-off.</summary>
    BackOff,
}
