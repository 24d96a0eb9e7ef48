namespace Marketplace.Workflows.Engine;

internal enum StageOutcomeKind
{
    Completed,
    AwaitsApproval,
    Failed,
    TimedOut,

    /// <summary>Stopped from outside (pause, cancel, halt of a sibling, shutdown, lost lease): not a failure of the stage.</summary>
    Interrupted,
}
