using System.Collections.Concurrent;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// In-process wake-ups: a change committed in this process wakes the runner and event streams at once instead of at
/// their next poll. Only a shortcut — other processes' changes arrive by polling, so nothing depends on a signal.
/// </summary>
public sealed class ExecutionSignals
{
    private static readonly Guid AnyWork = Guid.Empty;
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _waiters = new();

    /// <summary>A task that completes at the next change of <paramref name="executionId"/>. Take it before reading state.</summary>
    public Task NextChange(Guid executionId) =>
        _waiters.GetOrAdd(executionId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>A task that completes when any execution may have become claimable.</summary>
    public Task NextWork() => NextChange(AnyWork);

    public void Changed(Guid executionId, bool workAvailable = false)
    {
        Complete(executionId);
        if (workAvailable)
        {
            Complete(AnyWork);
        }
    }

    private void Complete(Guid key)
    {
        if (_waiters.TryRemove(key, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
