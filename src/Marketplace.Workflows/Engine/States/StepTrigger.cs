namespace Marketplace.Workflows.Engine.States;

/// <summary>What moves a step.</summary>
internal enum StepTrigger
{
    Start,

    /// <summary>An attempt failed and another follows (the step stays running).</summary>
    Retry,

    Complete,
    Fail,

    /// <summary>An attempt outlived its timeout, or a gate its deadline without a decision.</summary>
    TimeOut,

    AwaitApproval,
    Approve,
    Reject,

    /// <summary>A false condition, or a dependency that did not succeed.</summary>
    Skip,

    /// <summary>Stopped from outside (pause, shutdown, a runner that died): it runs again.</summary>
    Interrupt,

    /// <summary>The execution ends (cancel, failure or completion) while the step is unfinished.</summary>
    Cancel,
}
