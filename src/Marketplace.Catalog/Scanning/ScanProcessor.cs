using Marketplace.Catalog.Entries;
using Marketplace.Catalog.Sources;
using Marketplace.Catalog.Importing;
using Marketplace.Data;
using Marketplace.Data.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Scanning;

/// <summary>
/// Runs one claimed scan job: the scan is one service call (<see cref="SourceScanService.ScanAsync"/>; a git fetch may take
/// minutes), wrapped with a <see cref="LeaseKeeper"/> that renews the lease while it runs and stops it if the lease is
/// lost. Its result is stored on the job; a source that cannot be read fails the job with the reason; an unexpected
/// failure backs off and runs again.
/// </summary>
internal sealed class ScanProcessor(
    IDbContextFactory<MarketplaceDbContext> contexts,
    SourceScanService scanner,
    ScanJobStore jobs,
    ScanJobLeases leases,
    LeaseFence fence,
    JobSignals signals,
    IOptions<ImportOptions> options,
    TimeProvider time,
    ILogger<ScanProcessor> logger)
{
    private static readonly TimeSpan WindDownBudget = TimeSpan.FromSeconds(30);

    public async Task RunAsync(Lease lease, CancellationToken stopping)
    {
        await using var keeper = LeaseKeeper.Start(fence, leases, lease, options.Value.LeaseDuration, signals, time, logger, stopping);
        try
        {
            Guid? sourceId;
            await using (var db = await contexts.CreateDbContextAsync(keeper.Token))
            {
                sourceId = await db.ScanJobs.Where(j => j.Id == lease.JobId).Select(j => (Guid?)j.SourceId)
                    .FirstOrDefaultAsync(keeper.Token);
            }

            if (sourceId is null)
            {
                return; // the source was deleted, and its jobs with it
            }

            CatalogUpsertResult result;
            try
            {
                result = await scanner.ScanAsync(sourceId.Value, keeper.Token);
            }
            catch (Exception e) when (e is RequestValidationException or NotFoundException)
            {
                // The source could not be read (recorded on the source), has no folder, or is gone: no later run differs.
                var reason = e is RequestValidationException v ? string.Join(" ", v.Errors.SelectMany(x => x.Value)) : e.Message;
                await jobs.FailAsync(lease, reason, keeper.Token);
                return;
            }

            await jobs.CompleteAsync(lease, result, keeper.Token);
        }
        catch (LeaseLostException)
        {
        }
        catch (OperationCanceledException) when (keeper.Lost || keeper.Controlled)
        {
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await WindDownAsync(lease, "release", budget => jobs.ReleaseAsync(lease, budget));
        }
#pragma warning disable CA1031 // one job's unexpected failure must not stop the runner: it backs off, and fails after a few
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.ScanRunFailed(logger, lease.JobId, e);
            await WindDownAsync(lease, "back off", budget => jobs.RunFailedAsync(lease, e.Message, budget));
        }
    }

    private async Task WindDownAsync(Lease lease, string what, Func<CancellationToken, Task> write)
    {
        using var budget = new CancellationTokenSource(WindDownBudget);
        try
        {
            await write(budget.Token);
        }
        catch (LeaseLostException)
        {
        }
#pragma warning disable CA1031 // best effort while letting go: if it fails, the lease lapses and the next runner recovers
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.ScanWindDownFailed(logger, lease.JobId, what, e);
        }
    }
}
