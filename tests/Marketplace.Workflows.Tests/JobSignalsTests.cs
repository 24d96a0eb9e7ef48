using Marketplace.Data.Jobs;

namespace Marketplace.Workflows.Tests;

/// <summary>The in-process wake-ups keep an entry only while someone waits and the signal has not fired.</summary>
public sealed class JobSignalsTests
{
    [Fact]
    public async Task Signals_TenThousandExecutionsAndClosedStreams_LeaveTheMapEmpty()
    {
        var signals = new JobSignals();
        for (var i = 0; i < 10_000; i++)
        {
            var id = Guid.NewGuid();
            // The runner's loop: a control wait per round; one round is woken by a pause, the last ends with the execution.
            using (signals.NextControl(id))
            {
                signals.EventsAppended(id); // its own transitions never wake it
            }

            using (var paused = signals.NextControl(id))
            {
                signals.ControlChanged(id);
                await paused.Task;
            }

            using (signals.NextControl(id))
            {
            }

            // Two streams of the execution: one sees an event, both end (closed by the client, or after the terminal event).
            using var first = signals.NextEvents(id);
            using (var second = signals.NextEvents(id))
            {
                signals.EventsAppended(id);
                await Task.WhenAll(first.Task, second.Task);
            }

            using (signals.NextEvents(id))
            {
            }
        }

        using (signals.NextWork())
        {
            signals.WorkAvailable();
        }

        Assert.Equal(0, signals.Count);
    }

    [Fact]
    public void Signal_SharedByTwoWaiters_StaysWhileOneWaitsAndFiresForIt()
    {
        var signals = new JobSignals();
        var id = Guid.NewGuid();
        var first = signals.NextEvents(id);
        using var second = signals.NextEvents(id);

        first.Dispose();
        first.Dispose(); // twice is once
        Assert.Equal(1, signals.Count);
        signals.EventsAppended(id);

        Assert.True(second.Task.IsCompletedSuccessfully);
        Assert.Equal(0, signals.Count);
        using var next = signals.NextEvents(id);
        Assert.False(next.Task.IsCompleted); // a new wait waits for the next signal
    }

    [Fact]
    public void Signals_OfOneKind_DoNotWakeAnother()
    {
        var signals = new JobSignals();
        var id = Guid.NewGuid();
        using var control = signals.NextControl(id);
        using var events = signals.NextEvents(id);
        using var work = signals.NextWork();

        signals.EventsAppended(id);

        Assert.Equal((false, true, false), (control.Task.IsCompleted, events.Task.IsCompleted, work.Task.IsCompleted));
        signals.ControlChanged(id);
        Assert.True(control.Task.IsCompleted && work.Task.IsCompleted);
    }
}
