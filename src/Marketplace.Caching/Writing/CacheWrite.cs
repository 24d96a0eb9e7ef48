namespace Marketplace.Caching;

/// <summary>
/// One change the writer applies; its task completes only after the transaction holding it commits. A change whose
/// token is cancelled before the writer takes it is dropped (the caller sees <see cref="OperationCanceledException"/>
/// and nothing is written); once taken, it commits or fails like any other.
/// </summary>
internal abstract record CacheWrite
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;
    private int _state;
    private CancellationTokenRegistration _cancellation;

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void CancelWith(CancellationToken token)
    {
        if (token.CanBeCanceled)
        {
            _cancellation = token.UnsafeRegister(static (state, cancelled) => ((CacheWrite)state!).Cancel(cancelled), this);
        }
    }

    /// <summary>Called by the writer as it takes the change into a group; false when the caller cancelled first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    public void Succeed()
    {
        _cancellation.Dispose();
        Done.TrySetResult();
    }

    public void Fail(Exception error)
    {
        _cancellation.Dispose();
        Done.TrySetException(error);
    }

    private void Cancel(CancellationToken cancelled)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
        {
            Done.TrySetCanceled(cancelled);
        }
    }

    public sealed record Store(string Key, byte[] Value, long? AbsoluteExpiry, long? SlidingTicks, bool? Pinned, long Now) : CacheWrite;

    public sealed record Remove(string Key) : CacheWrite;

    public sealed record Pin(IReadOnlyList<string> Keys, bool Pinned) : CacheWrite;

    public sealed record UnpinAll : CacheWrite;

    /// <summary>Recorded hits: key → access time (UTC ticks); applied in chunks, never moving a time backwards.</summary>
    public sealed record Touch(IReadOnlyList<KeyValuePair<string, long>> Hits) : CacheWrite;

    /// <summary>Asks for one more capped round of eviction when the total is still over the limit.</summary>
    public sealed record Evict : CacheWrite;

    /// <summary>Upkeep after the group commits: return up to <see cref="MaxPages"/> free pages, then checkpoint the WAL.</summary>
    public sealed record Maintain(int MaxPages) : CacheWrite
    {
        public long FreedPages { get; set; }
    }
}
