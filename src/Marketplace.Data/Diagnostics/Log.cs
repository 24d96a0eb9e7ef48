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

    [LoggerMessage(1020, LogLevel.Warning, "Renewing the lease of job {JobId} failed; trying again (it lapses if no renewal succeeds)")]
    public static partial void LeaseRenewalFailed(ILogger logger, Guid jobId, Exception exception);
}
