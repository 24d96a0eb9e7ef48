using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using E = Marketplace.Data.Model.ExecutionStatus;
using ET = Marketplace.Workflows.Engine.States.ExecutionTrigger;
using S = Marketplace.Data.Model.StepStatus;
using ST = Marketplace.Workflows.Engine.States.StepTrigger;

namespace Marketplace.Workflows.Engine.States;

/// <summary>
/// The execution state machine (DESIGN §6): the one table of how executions and their steps change. The runner's
/// transitions, the API's control and the scheduler all read it.
/// </summary>
internal static class Transitions
{
    public static readonly TransitionTable<ExecutionStatus, ExecutionTrigger> Executions = new(
        (E.Pending, ET.Claim, E.Running),
        (E.Running, ET.Claim, E.Running), // taken over after the holder's lease lapsed
        (E.Waiting, ET.Claim, E.Running), // woken at a gate deadline
        (E.Running, ET.Park, E.Waiting),
        (E.Pending, ET.DecideGate, E.Pending),
        (E.Running, ET.DecideGate, E.Running),
        (E.Waiting, ET.DecideGate, E.Running),
        (E.Paused, ET.DecideGate, E.Paused),
        (E.Pending, ET.Pause, E.Paused),
        (E.Running, ET.Pause, E.Paused),
        (E.Waiting, ET.Pause, E.Paused),
        (E.Paused, ET.Resume, E.Running),
        (E.Paused, ET.ResumeBeforeStart, E.Pending),
        (E.Pending, ET.Cancel, E.Cancelled),
        (E.Running, ET.Cancel, E.Cancelled),
        (E.Waiting, ET.Cancel, E.Cancelled),
        (E.Paused, ET.Cancel, E.Cancelled),
        (E.Running, ET.Complete, E.Completed),
        (E.Running, ET.Fail, E.Failed),
        (E.Running, ET.BackOff, E.Running));

    public static readonly TransitionTable<StepStatus, StepTrigger> Steps = new(
        (S.Pending, ST.Start, S.Running),
        (S.Running, ST.Retry, S.Running),
        (S.Running, ST.Complete, S.Completed),
        (S.Running, ST.Fail, S.Failed),
        (S.Running, ST.TimeOut, S.TimedOut),
        (S.Running, ST.AwaitApproval, S.WaitingForApproval),
        (S.WaitingForApproval, ST.Approve, S.Completed),
        (S.WaitingForApproval, ST.Reject, S.Failed),
        (S.WaitingForApproval, ST.TimeOut, S.TimedOut),
        (S.Pending, ST.Skip, S.Skipped),
        (S.Running, ST.Interrupt, S.Pending),
        (S.Pending, ST.Cancel, S.Cancelled),
        (S.Running, ST.Cancel, S.Cancelled),
        (S.WaitingForApproval, ST.Cancel, S.Cancelled));

    /// <summary>A step that ended without succeeding: its stage's <c>on_failure</c> applies.</summary>
    public static bool IsFailure(StepStatus status) => status is S.Failed or S.TimedOut;
}
