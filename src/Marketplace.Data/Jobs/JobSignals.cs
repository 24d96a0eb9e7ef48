namespace Marketplace.Data.Jobs;

/// <summary>
/// In-process wake-ups for leased jobs (workflow executions, imports, scans), so a change committed in this process is
/// seen at once instead of at the next poll: appended events wake event streams and waiters, control changes (pause,
/// resume, cancel, gate decisions) wake the job's runner, and new or released work wakes idle runners. Only a
/// shortcut — other processes' changes arrive by polling. A runner's own writes only append events, so they never wake
/// the runner itself. Job ids are unique across kinds, so one instance serves them all.
/// Bounded: an entry lives while someone waits on it (a <see cref="SignalWait"/> not yet disposed) and until it fires,
/// so finished executions and closed streams leave nothing behind.
/// </summary>
public sealed class JobSignals
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(Guid, Kind), Waiters> _waiters = [];

    private enum Kind
    {
        Events,
        Control,
        Work,
    }

    /// <summary>Wait entries held now: waits not yet disposed whose signal has not fired (for diagnostics and tests).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>
    /// Completes when events of the job are appended here. Take it before reading, so nothing is missed; dispose it after.
    /// </summary>
    public SignalWait NextEvents(Guid jobId) => Next(jobId, Kind.Events);

    /// <summary>Completes at the next control change of the job made here.</summary>
    public SignalWait NextControl(Guid jobId) => Next(jobId, Kind.Control);

    /// <summary>Completes when a job of any kind may have become claimable.</summary>
    public SignalWait NextWork() => Next(Guid.Empty, Kind.Work);

    public void EventsAppended(Guid jobId) => Complete(jobId, Kind.Events);

    public void WorkAvailable() => Complete(Guid.Empty, Kind.Work);

    /// <summary>A control change: also new events, and possibly claimable work (a resume or a decided gate).</summary>
    public void ControlChanged(Guid jobId)
    {
        Complete(jobId, Kind.Control);
        Complete(jobId, Kind.Events);
        WorkAvailable();
    }

    private SignalWait Next(Guid id, Kind kind)
    {
        lock (_lock)
        {
            if (!_waiters.TryGetValue((id, kind), out var waiters))
            {
                _waiters[(id, kind)] = waiters = new Waiters();
            }

            waiters.Count++;
            return new SignalWait(waiters.Fired.Task, () => Release((id, kind), waiters));
        }
    }

    private void Complete(Guid id, Kind kind)
    {
        Waiters? waiters;
        lock (_lock)
        {
            if (!_waiters.Remove((id, kind), out waiters))
            {
                return;
            }
        }

        waiters.Fired.TrySetResult();
    }

    private void Release((Guid, Kind) key, Waiters waiters)
    {
        lock (_lock)
        {
            // The last waiter gone before the signal: nobody needs it. (A fired entry was removed already.)
            if (--waiters.Count == 0 && _waiters.TryGetValue(key, out var current) && current == waiters)
            {
                _waiters.Remove(key);
            }
        }
    }

    /// <summary>One signal's waiters: the task they share and how many still hold it.</summary>
    private sealed class Waiters
    {
        public TaskCompletionSource Fired { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count { get; set; }
    }
}
