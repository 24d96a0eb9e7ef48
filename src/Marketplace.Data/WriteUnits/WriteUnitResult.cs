namespace Marketplace.Data.WriteUnits;

/// <summary>The value a committed write unit returned, with its attempts and timings.</summary>
public sealed record WriteUnitResult<T>(T Value, int Attempts, TimeSpan GateWait, TimeSpan LockHold);
