namespace Marketplace.Data.Sqlite;

/// <summary>The WAL's size before and after; <see cref="Complete"/> is false when a reader kept part of it.</summary>
public sealed record WalCheckpointResult(long WalBytesBefore, long WalBytesAfter, bool Ran, bool Complete);
