using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>One batch's figures.</summary>
public sealed record ImportBatchFigures(int Index, int Size, int Attempts, ImportBatchStatus Status, double DurationMs,
    double LockHoldMs, double GateWaitMs);
