using Marketplace.Data.Diagnostics;
using Marketplace.Data.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Data.WriteUnits;

/// <summary>
/// What both providers' runners do around a run of a write unit: hand it to the context's retrying execution strategy
/// (the provider decides what is worth another run, <see cref="WriteRetryPolicy"/> how often and after what wait), count
/// and log each retry, and turn a spent budget into <see cref="DatabaseBusyException"/>.
/// </summary>
internal sealed class WriteUnitRetries(
    IOptions<DatabaseOptions> options, DataMetrics metrics, TimeProvider time, ILogger<WriteUnitRetries> logger)
{
    /// <summary>Runs <paramref name="run"/> until it commits; returns its value and how many runs it took.</summary>
    public async Task<(T Value, int Attempts)> RunAsync<T>(
        DbContext strategyContext, Func<CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var attempts = 0;
        Exception? lastFailure = null;
        try
        {
            var value = await strategyContext.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                if (++attempts > 1)
                {
                    metrics.RecordBusyRetry();
                    Log.WriteUnitRetrying(logger, attempts - 1, options.Value.WriteRetryAttempts, lastFailure!.Message);
                }

                try
                {
                    return await run(ct);
                }
                catch (Exception ex)
                {
                    lastFailure = ex; // the strategy decides whether it is worth another run
                    throw;
                }
            }, cancellationToken);
            return (value, attempts);
        }
        catch (RetryLimitExceededException ex)
        {
            metrics.RecordBusyFailure();
            throw new DatabaseBusyException(attempts, time.GetElapsedTime(started), ex);
        }
    }
}
