using Microsoft.Extensions.Logging;

namespace Marketplace.Caching;

/// <summary>Log messages of the blob cache; event ids 5000–5999.</summary>
internal static partial class Log
{
    [LoggerMessage(5001, LogLevel.Warning,
        "Blob cache write group hit a busy file on attempt {Attempt}; retrying the whole group: {Reason}")]
    public static partial void CacheBusyRetry(ILogger logger, int attempt, string reason);

    [LoggerMessage(5002, LogLevel.Warning, "Blob cache could not write recorded hits; they are kept for the next flush")]
    public static partial void CacheFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(5003, LogLevel.Warning, "Blob cache could not write the renewal of '{Key}' through; the next flush carries it")]
    public static partial void CacheRenewalFailed(ILogger logger, string key, Exception? exception);

    [LoggerMessage(5004, LogLevel.Warning, "Blob cache checkpoint failed; the next one retries")]
    public static partial void CacheCheckpointFailed(ILogger logger, Exception exception);
}
