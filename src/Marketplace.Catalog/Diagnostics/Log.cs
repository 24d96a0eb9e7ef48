using Microsoft.Extensions.Logging;

namespace Marketplace.Catalog;

/// <summary>Log messages of sources, scanning and import; event ids 4000–4999.</summary>
internal static partial class Log
{
    [LoggerMessage(4020, LogLevel.Information,
        "Import batch {Index} committed: {Size} entries, {Attempts} attempt(s), {DurationMs:F1} ms, lock held {LockHoldMs:F1} ms")]
    public static partial void ImportBatchCommitted(ILogger logger, int index, int size, int attempts, double durationMs,
        double lockHoldMs);

    [LoggerMessage(4021, LogLevel.Warning,
        "Import batch {Index} ({Size} entries) took {DurationMs:F0} ms, over the {ThresholdMs:F0} ms of Import:SlowBatchWarning")]
    public static partial void ImportBatchSlow(ILogger logger, int index, int size, double durationMs, double thresholdMs);

    [LoggerMessage(4022, LogLevel.Warning, "Import batch {Index} rolled back ({Reason}); retrying its entries one per unit")]
    public static partial void ImportBatchIsolating(ILogger logger, int index, string reason);

    [LoggerMessage(4023, LogLevel.Warning,
        "Import {ImportId}: the {What} write while letting it go failed; its lease lapses and the next runner takes it over")]
    public static partial void ImportWindDownFailed(ILogger logger, Guid importId, string what, Exception exception);

    [LoggerMessage(4025, LogLevel.Information,
        "Import {ImportId} is no longer this runner's (cancelled or taken over); what committed stays, nothing more is written")]
    public static partial void ImportLeaseLost(ILogger logger, Guid importId);

    [LoggerMessage(4026, LogLevel.Error,
        "Import {ImportId} stopped on an unexpected error; it runs again after a back-off, or fails after Import:MaxRunFailures runs")]
    public static partial void ImportRunFailed(ILogger logger, Guid importId, Exception exception);

    [LoggerMessage(4027, LogLevel.Warning, "Import {ImportId} failed: its runs stopped on an error too many times in a row")]
    public static partial void ImportGaveUp(ILogger logger, Guid importId);

    [LoggerMessage(4040, LogLevel.Error,
        "Scan job {ScanId} stopped on an unexpected error; it runs again after a back-off, or fails after Import:MaxRunFailures runs")]
    public static partial void ScanRunFailed(ILogger logger, Guid scanId, Exception exception);

    [LoggerMessage(4041, LogLevel.Warning,
        "Scan job {ScanId}: the {What} write while letting it go failed; its lease lapses and the next runner takes it over")]
    public static partial void ScanWindDownFailed(ILogger logger, Guid scanId, string what, Exception exception);

    [LoggerMessage(4024, LogLevel.Information,
        "Import batch unit lost a unique key to another writer (time {Lost}); running it again: {Reason}")]
    public static partial void ImportKeyTaken(ILogger logger, int lost, string reason);

    [LoggerMessage(4010, LogLevel.Information, "Scan of source {SourceId} skipped {Path}: {Reason}")]
    public static partial void ScanWarning(ILogger logger, Guid sourceId, string path, string reason);

    [LoggerMessage(4030, LogLevel.Warning, "The blob cache could not serve or keep source file {File}; it is read from disk")]
    public static partial void SourceCacheFailed(ILogger logger, string file, Exception exception);

    [LoggerMessage(4031, LogLevel.Warning,
        "Source files are no longer cached: the cache's volume has {FreeBytes} bytes free, below Cache:MinFreeDiskBytes ({FloorBytes})")]
    public static partial void SourceCachePaused(ILogger logger, long freeBytes, long floorBytes);

    [LoggerMessage(4032, LogLevel.Information, "Source files are cached again: the cache's volume has {FreeBytes} bytes free")]
    public static partial void SourceCacheResumed(ILogger logger, long freeBytes);
}
