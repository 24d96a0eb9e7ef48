namespace Marketplace.Data.Diagnostics;

/// <summary>Running figures of this process's write units since start.</summary>
public sealed record WriteFigures(
    long CommittedUnits,
    long BusyRetries,
    long BusyFailures,
    double MaxGateWaitMs,
    double MaxLockHoldMs,
    double MeanLockHoldMs,
    double MaxQueueWaitMs,
    long QueueBypasses);
