using Microsoft.Extensions.Logging;

namespace Marketplace.Data;

/// <summary>Log messages of the data layer; event ids 1000–1999.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Warning,
        "Write unit failed on attempt {Attempt} of {MaxAttempts} (busy or transient); retrying the whole unit: {Reason}")]
    public static partial void WriteUnitRetrying(ILogger logger, int attempt, int maxAttempts, string reason);

    [LoggerMessage(1002, LogLevel.Warning, "The SQLite write queue cannot be used ({Path}: {Reason}); "
        + "writers of different processes meet in SQLite's busy wait instead")]
    public static partial void WriteQueueUnavailable(ILogger logger, string path, string reason);

    [LoggerMessage(1003, LogLevel.Warning,
        "A writer's turn in the SQLite write queue did not come within {PatienceMs} ms; it goes to SQLite's busy wait instead")]
    public static partial void WriteQueueTimedOut(ILogger logger, double patienceMs);

    [LoggerMessage(1004, LogLevel.Warning, "The SQLite write queue failed ({Reason}); the writer goes to SQLite's busy wait instead")]
    public static partial void WriteQueueFailed(ILogger logger, string reason);

    [LoggerMessage(1010, LogLevel.Information, "SQLite {Version} at {DataSource}: journal_mode={JournalMode}")]
    public static partial void SqliteReady(ILogger logger, string version, string dataSource, string journalMode);

    [LoggerMessage(1011, LogLevel.Information, "Applying {Count} pending migration(s): {Migrations}")]
    public static partial void ApplyingMigrations(ILogger logger, int count, string migrations);

    [LoggerMessage(1020, LogLevel.Warning, "Renewing the lease of job {JobId} failed; trying again (it lapses if no renewal succeeds)")]
    public static partial void LeaseRenewalFailed(ILogger logger, Guid jobId, Exception exception);
}
