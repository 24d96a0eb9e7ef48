using Microsoft.Extensions.Logging;

namespace Marketplace.Workflows.Diagnostics;

/// <summary>Log messages of the workflow engine; event ids 2000–2999.</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Information, "Runner {Owner} claimed {Kind} {JobId}")]
    public static partial void Claimed(ILogger logger, string kind, string owner, Guid jobId);

    [LoggerMessage(2002, LogLevel.Warning,
        "Runner lost execution {ExecutionId} (lease lapsed or it was cancelled); " +
        "its running stages are stopped and nothing more is written")]
    public static partial void LeaseLost(ILogger logger, Guid executionId);

    [LoggerMessage(2003, LogLevel.Error,
        "Execution {ExecutionId} stopped on an unexpected error; it runs again after a back-off, " +
        "or fails after Workflows:MaxRunFailures runs ({Held} lines like this one held back)")]
    public static partial void ExecutionCrashed(ILogger logger, Guid executionId, int held, Exception exception);

    [LoggerMessage(2007, LogLevel.Warning,
        "Execution {ExecutionId}: a write while letting it go failed; the next claim or the lease lapsing recovers it")]
    public static partial void WindDownWriteFailed(ILogger logger, Guid executionId, Exception exception);

    [LoggerMessage(2008, LogLevel.Warning,
        "Execution {ExecutionId}: could not read why a write was refused; acting as if the lease was lost")]
    public static partial void RefusalUnreadable(ILogger logger, Guid executionId, Exception exception);

    [LoggerMessage(2004, LogLevel.Error,
        "The runner could not claim {Kind} jobs; retrying after the poll interval ({Held} lines like this one held back)")]
    public static partial void ClaimFailed(ILogger logger, string kind, int held, Exception exception);

    [LoggerMessage(2012, LogLevel.Warning, "Execution {ExecutionId} failed: its runs stopped on an error too many times in a row")]
    public static partial void ExecutionGaveUp(ILogger logger, Guid executionId);

    [LoggerMessage(2005, LogLevel.Warning, "Stage {StageId} of execution {ExecutionId} attempt {Attempt} failed: {Error}")]
    public static partial void StageAttemptFailed(ILogger logger, string stageId, Guid executionId, int attempt, string error);

    [LoggerMessage(2006, LogLevel.Warning, "The output of stage {StageId} could not be cached; the step still completes")]
    public static partial void StageCacheFailed(ILogger logger, string stageId, Exception exception);

    [LoggerMessage(2010, LogLevel.Information, "Maintenance: {Report}")]
    public static partial void MaintenanceRan(ILogger logger, string report);

    [LoggerMessage(2011, LogLevel.Error, "A maintenance iteration failed; the loop goes on")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);
}
