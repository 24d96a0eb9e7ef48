namespace Marketplace.Data.Sqlite;

/// <summary>
/// A writer's wait for its turn, handed to the <see cref="LineWaiter"/> thread. The writer may give up (timeout,
/// cancellation) while the thread still waits in the kernel; whichever side moves first decides who leaves the line.
/// </summary>
internal sealed class LineRequest(long? ticket)
{
    public const int Waiting = 0;
    public const int Granted = 1;
    public const int Abandoned = 2;
    public const int Failed = 3;

    private readonly TaskCompletionSource<long> _turn = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    /// <summary>The ticket the writer drew itself, or null when the thread must draw one (the dispenser was busy).</summary>
    public long? Ticket { get; } = ticket;

    /// <summary>Completes with the ticket whose turn has come.</summary>
    public Task<long> Turn => _turn.Task;

    public bool IsAbandoned => Volatile.Read(ref _state) == Abandoned;

    /// <summary>The thread: the turn has come. False if the writer gave up first; the thread then leaves the line for it.</summary>
    public bool TryGrant(long ticket)
    {
        if (Interlocked.CompareExchange(ref _state, Granted, Waiting) != Waiting)
        {
            return false;
        }

        _turn.SetResult(ticket);
        return true;
    }

    /// <summary>The thread: standing in line failed; the thread has left the line, the writer goes without a turn.</summary>
    public void Fail(Exception error)
    {
        if (Interlocked.CompareExchange(ref _state, Failed, Waiting) == Waiting)
        {
            _turn.SetException(error);
        }
    }

    /// <summary>
    /// The writer gives up waiting; returns the state before, so <see cref="Granted"/> means it holds the turn after all.
    /// </summary>
    public int Abandon() => Interlocked.CompareExchange(ref _state, Abandoned, Waiting);
}
