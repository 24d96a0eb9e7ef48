using Marketplace.Data.Model;

namespace Marketplace.Data.Importing;

/// <summary>One batch's figures.</summary>
public sealed record ImportBatchFigures(int Index, int Size, int Attempts, ImportBatchStatus Status, double DurationMs, double LockHoldMs, double GateWaitMs);
