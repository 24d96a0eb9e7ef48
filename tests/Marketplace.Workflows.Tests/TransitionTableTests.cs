using Marketplace.Data.Model;
using Marketplace.Workflows.Engine.States;

namespace Marketplace.Workflows.Tests;

/// <summary>The execution state machine as a table: every allowed transition, and that nothing else is.</summary>
public sealed class TransitionTableTests
{
    [Theory]
    [InlineData(ExecutionStatus.Pending, "Claim", ExecutionStatus.Running)]
    [InlineData(ExecutionStatus.Running, "Claim", ExecutionStatus.Running)]
    [InlineData(ExecutionStatus.Waiting, "Claim", ExecutionStatus.Running)]
    [InlineData(ExecutionStatus.Running, "Park", ExecutionStatus.Waiting)]
    [InlineData(ExecutionStatus.Waiting, "DecideGate", ExecutionStatus.Running)]
    [InlineData(ExecutionStatus.Paused, "DecideGate", ExecutionStatus.Paused)]
    [InlineData(ExecutionStatus.Waiting, "Pause", ExecutionStatus.Paused)]
    [InlineData(ExecutionStatus.Paused, "Resume", ExecutionStatus.Running)]
    [InlineData(ExecutionStatus.Paused, "ResumeBeforeStart", ExecutionStatus.Pending)]
    [InlineData(ExecutionStatus.Paused, "Cancel", ExecutionStatus.Cancelled)]
    [InlineData(ExecutionStatus.Running, "Complete", ExecutionStatus.Completed)]
    [InlineData(ExecutionStatus.Running, "Fail", ExecutionStatus.Failed)]
    [InlineData(ExecutionStatus.Running, "BackOff", ExecutionStatus.Running)]
    public void Executions_AllowedTransition_LeadsWhereDesigned(ExecutionStatus from, string trigger, ExecutionStatus to)
    {
        Assert.True(Transitions.Executions.Allows(from, Enum.Parse<ExecutionTrigger>(trigger)));
        Assert.Equal(to, Transitions.Executions.To(from, Enum.Parse<ExecutionTrigger>(trigger)));
    }

    [Theory]
    [InlineData(ExecutionStatus.Pending, "Resume")]
    [InlineData(ExecutionStatus.Paused, "Pause")]
    [InlineData(ExecutionStatus.Paused, "Claim")]
    [InlineData(ExecutionStatus.Waiting, "Complete")]
    [InlineData(ExecutionStatus.Completed, "Cancel")]
    [InlineData(ExecutionStatus.Cancelled, "DecideGate")]
    [InlineData(ExecutionStatus.Failed, "Claim")]
    public void Executions_TransitionTheTableLacks_IsRefused(ExecutionStatus from, string trigger)
    {
        Assert.False(Transitions.Executions.Allows(from, Enum.Parse<ExecutionTrigger>(trigger)));
        Assert.Throws<InvalidOperationException>(() => Transitions.Executions.To(from, Enum.Parse<ExecutionTrigger>(trigger)));
    }

    [Theory]
    [InlineData(StepStatus.Pending, "Start", StepStatus.Running)]
    [InlineData(StepStatus.Running, "Retry", StepStatus.Running)]
    [InlineData(StepStatus.Running, "Complete", StepStatus.Completed)]
    [InlineData(StepStatus.Running, "TimeOut", StepStatus.TimedOut)]
    [InlineData(StepStatus.WaitingForApproval, "TimeOut", StepStatus.TimedOut)]
    [InlineData(StepStatus.WaitingForApproval, "Reject", StepStatus.Failed)]
    [InlineData(StepStatus.Running, "Interrupt", StepStatus.Pending)]
    [InlineData(StepStatus.Pending, "Skip", StepStatus.Skipped)]
    [InlineData(StepStatus.WaitingForApproval, "Cancel", StepStatus.Cancelled)]
    public void Steps_AllowedTransition_LeadsWhereDesigned(StepStatus from, string trigger, StepStatus to) =>
        Assert.Equal(to, Transitions.Steps.To(from, Enum.Parse<StepTrigger>(trigger)));

    [Theory]
    [InlineData(StepStatus.Completed, "Approve")]
    [InlineData(StepStatus.Pending, "Approve")]
    [InlineData(StepStatus.Running, "Skip")]
    [InlineData(StepStatus.Skipped, "Cancel")]
    public void Steps_TransitionTheTableLacks_IsRefused(StepStatus from, string trigger) =>
        Assert.False(Transitions.Steps.Allows(from, Enum.Parse<StepTrigger>(trigger)));

    [Fact]
    public void Finals_AreTheStatesNothingLeaves()
    {
        Assert.Equal([ExecutionStatus.Completed, ExecutionStatus.Failed, ExecutionStatus.Cancelled], Transitions.Executions.Finals.Order());
        Assert.Equal([StepStatus.Completed, StepStatus.Failed, StepStatus.Skipped, StepStatus.TimedOut, StepStatus.Cancelled],
            Transitions.Steps.Finals.Order());
    }

    [Fact]
    public void From_NamesEveryStateATriggerAppliesIn()
    {
        Assert.Equal([ExecutionStatus.Pending, ExecutionStatus.Running, ExecutionStatus.Waiting], Transitions.Executions.From(ExecutionTrigger.Claim));
        Assert.Equal([StepStatus.Pending, StepStatus.Running, StepStatus.WaitingForApproval], Transitions.Steps.From(StepTrigger.Cancel));
        Assert.Equal(StepStatus.Cancelled, Transitions.Steps.To(StepTrigger.Cancel));
        Assert.Throws<InvalidOperationException>(() => Transitions.Executions.To(ExecutionTrigger.DecideGate)); // several targets
    }
}
