namespace Marketplace.Data.WriteUnits;

/// <summary>
/// The value a committed write unit returned, with its attempts and timings: the wait at this process's write gate, the
/// wait in the cross-process SQLite write queue (zero when it is off, and on PostgreSQL), and how long it held the lock.
/// </summary>
public sealed record WriteUnitResult<T>(T Value, int Attempts, TimeSpan GateWait, TimeSpan LockHold, TimeSpan QueueWait = default);
