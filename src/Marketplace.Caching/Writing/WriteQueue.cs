namespace Marketplace.Caching;

/// <summary>
/// The writer's queue: any thread adds, the writer's own thread takes everything waiting at once. Waiting is a plain
/// monitor wait on that dedicated thread, so the writer never needs a thread-pool thread to make progress — a
/// synchronous <c>Set</c> blocking pool threads cannot starve it.
/// </summary>
internal sealed class WriteQueue
{
    private readonly object _gate = new();
    private readonly Queue<CacheWrite> _items = new();
    private bool _completed;
    private int _expected;

    public bool TryAdd(CacheWrite write)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            _items.Enqueue(write);
            if (_items.Count == 1 || _items.Count == _expected)
            {
                Monitor.Pulse(_gate);
            }

            return true;
        }
    }

    /// <summary>
    /// Blocks until something is queued; fills <paramref name="group"/> with up to <paramref name="max"/> changes. When
    /// fewer than <paramref name="expected"/> are waiting (the callers the last commit released, about to queue their
    /// next change), it lingers up to a millisecond for them: one commit of many instead of many of few.
    /// </summary>
    /// <returns>False once the queue is completed and empty.</returns>
    public bool TakeGroup(List<CacheWrite> group, int max, int expected)
    {
        lock (_gate)
        {
            while (_items.Count == 0 && !_completed)
            {
                Monitor.Wait(_gate);
            }

            _expected = Math.Min(expected, max);
            if (_items.Count < _expected && !_completed)
            {
                Monitor.Wait(_gate, 1);
            }

            _expected = 0;

            while (group.Count < max && _items.TryDequeue(out var write))
            {
                group.Add(write);
            }

            return group.Count > 0 || !_completed;
        }
    }

    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }
}
