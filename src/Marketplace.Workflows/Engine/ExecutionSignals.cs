using System.Collections.Concurrent;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// In-process wake-ups, so a change committed in this process is seen at once instead of at the next poll: appended
/// events wake event streams, control changes (pause, resume, cancel, gate decisions) wake the execution's runner, and
/// new or released work wakes idle runners. Only a shortcut — other processes' changes arrive by polling.
/// A runner's own transitions only append events, so they never wake the runner itself.
/// </summary>
public sealed class ExecutionSignals
{
    private readonly ConcurrentDictionary<(Guid, Kind), TaskCompletionSource> _waiters = new();

    private enum Kind
    {
        Events,
        Control,
        Work,
    }

    /// <summary>Completes when events of the execution are appended here. Take it before reading, so nothing is missed.</summary>
    public Task NextEvents(Guid executionId) => Next(executionId, Kind.Events);

    /// <summary>Completes at the next control change of the execution made here.</summary>
    public Task NextControl(Guid executionId) => Next(executionId, Kind.Control);

    /// <summary>Completes when an execution may have become claimable.</summary>
    public Task NextWork() => Next(Guid.Empty, Kind.Work);

    public void EventsAppended(Guid executionId) => Complete(executionId, Kind.Events);

    public void WorkAvailable() => Complete(Guid.Empty, Kind.Work);

    /// <summary>A control change: also new events, and possibly claimable work (a resume or a decided gate).</summary>
    public void ControlChanged(Guid executionId)
    {
        Complete(executionId, Kind.Control);
        Complete(executionId, Kind.Events);
        WorkAvailable();
    }

    private Task Next(Guid id, Kind kind) =>
        _waiters.GetOrAdd((id, kind), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private void Complete(Guid id, Kind kind)
    {
        if (_waiters.TryRemove((id, kind), out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
