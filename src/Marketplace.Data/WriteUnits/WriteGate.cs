namespace Marketplace.Data.WriteUnits;

/// <summary>
/// An async mutex with two FIFO queues: on release, ownership passes to the oldest interactive waiter, except that
/// every <see cref="BulkTurnEvery"/>th hand-over goes to a bulk waiter so a stream of edits cannot starve an import.
/// Waiting happens in .NET (no thread is blocked), and a cancelled waiter leaves its queue.
/// </summary>
internal sealed class WriteGate
{
    public const int BulkTurnEvery = 8;

    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _interactive = new();
    private readonly LinkedList<TaskCompletionSource> _bulk = new();
    private bool _held;
    private int _interactiveStreak;

    public Task WaitAsync(WriteUnitPriority priority, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> node;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                return Task.CompletedTask;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = (priority == WriteUnitPriority.Interactive ? _interactive : _bulk).AddLast(waiter);
        }

        return WaitQueuedAsync(waiter, node, cancellationToken);
    }

    private async Task WaitQueuedAsync(
        TaskCompletionSource waiter, LinkedListNode<TaskCompletionSource> node, CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                // Still queued: leave. Already handed the gate: keep it (the caller's Release returns it).
                if (node.List is not null)
                {
                    node.List.Remove(node);
                    waiter.TrySetCanceled(cancellationToken);
                }
            }
        });
        await waiter.Task;
    }

    /// <summary>Whether an interactive unit is queued.</summary>
    public bool HasInteractiveWaiter
    {
        get
        {
            lock (_lock)
            {
                return _interactive.Count > 0;
            }
        }
    }

    /// <summary>
    /// The holder steps back: it queues first among the bulk waiters and the gate passes on as on <see cref="Release"/>
    /// (so after <see cref="BulkTurnEvery"/> - 1 interactive hand-overs it comes back to the holder). Completes when the
    /// holder has the gate again; not cancellable, so the caller always holds the gate afterwards.
    /// </summary>
    public Task YieldAsync()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _bulk.AddFirst(waiter);
        }

        Release();
        return waiter.Task;
    }

    public void Release()
    {
        TaskCompletionSource? next;
        lock (_lock)
        {
            next = HandOverLocked();
            if (next is null)
            {
                _held = false;
                _interactiveStreak = 0;
                return;
            }
        }

        next.SetResult(); // ownership passes straight to the next waiter
    }

    /// <summary>Passes the gate to the next waiter, as <see cref="Release"/> does; false (the caller keeps it) if none waits.</summary>
    public bool TryHandOver()
    {
        TaskCompletionSource? next;
        lock (_lock)
        {
            next = HandOverLocked();
        }

        next?.SetResult(); // ownership passes straight to the next waiter
        return next is not null;
    }

    private TaskCompletionSource? HandOverLocked()
    {
        var queue = _interactive.Count > 0 && (_bulk.Count == 0 || _interactiveStreak < BulkTurnEvery - 1) ? _interactive
            : _bulk.Count > 0 ? _bulk
            : null;
        if (queue is null)
        {
            return null;
        }

        _interactiveStreak = queue == _interactive ? _interactiveStreak + 1 : 0;
        var next = queue.First!.Value;
        queue.RemoveFirst();
        return next;
    }
}
