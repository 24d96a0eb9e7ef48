using Microsoft.Extensions.Logging;

namespace Marketplace.Data;

/// <summary>Log messages of the data layer; event ids 1000–1999.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Warning, "Write unit hit a busy database on attempt {Attempt} of {MaxAttempts}; retrying the whole unit: {Reason}")]
    public static partial void WriteUnitBusyRetry(ILogger logger, int attempt, int maxAttempts, string reason);

    [LoggerMessage(1010, LogLevel.Information, "SQLite {Version} at {DataSource}: journal_mode={JournalMode}")]
    public static partial void SqliteReady(ILogger logger, string version, string dataSource, string journalMode);

    [LoggerMessage(1011, LogLevel.Information, "Applying {Count} pending migration(s): {Migrations}")]
    public static partial void ApplyingMigrations(ILogger logger, int count, string migrations);

    [LoggerMessage(1020, LogLevel.Information, "Import batch {Index} committed: {Size} entries, {Attempts} attempt(s), {DurationMs:F1} ms, lock held {LockHoldMs:F1} ms")]
    public static partial void ImportBatchCommitted(ILogger logger, int index, int size, int attempts, double durationMs, double lockHoldMs);

    [LoggerMessage(1021, LogLevel.Warning, "Import batch {Index} ({Size} entries) took {DurationMs:F0} ms, over the {ThresholdMs:F0} ms of Import:SlowBatchWarning")]
    public static partial void ImportBatchSlow(ILogger logger, int index, int size, double durationMs, double thresholdMs);

    [LoggerMessage(1022, LogLevel.Warning, "Import batch {Index} rolled back ({Reason}); retrying its entries one per unit")]
    public static partial void ImportBatchIsolating(ILogger logger, int index, string reason);

    [LoggerMessage(1023, LogLevel.Error, "Import {ImportId} could not be marked interrupted; its lease will expire instead")]
    public static partial void ImportMarkInterruptedFailed(ILogger logger, Guid importId, Exception exception);

    [LoggerMessage(1024, LogLevel.Information, "Import batch unit lost a unique key to another writer (time {Lost}); running it again: {Reason}")]
    public static partial void ImportKeyTaken(ILogger logger, int lost, string reason);

    [LoggerMessage(1030, LogLevel.Warning, "Blob cache write group hit a busy file on attempt {Attempt}; retrying the whole group: {Reason}")]
    public static partial void CacheBusyRetry(ILogger logger, int attempt, string reason);

    [LoggerMessage(1031, LogLevel.Warning, "Blob cache could not write recorded hits; they are kept for the next flush")]
    public static partial void CacheFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(1032, LogLevel.Warning, "The blob cache could not serve or keep source file {File}; it is read from disk")]
    public static partial void SourceCacheFailed(ILogger logger, string file, Exception exception);
}
