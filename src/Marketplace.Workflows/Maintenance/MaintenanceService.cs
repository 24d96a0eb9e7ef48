using Marketplace.Workflows.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Maintenance;

/// <summary>
/// The hosted maintenance loop: one <see cref="DatabaseMaintenance"/>
/// iteration per interval; a failure is logged and the loop goes on.
/// </summary>
internal sealed class MaintenanceService(
    DatabaseMaintenance maintenance,
    IOptions<MaintenanceOptions> options,
    WorkflowMetrics metrics,
    TimeProvider time,
    ILogger<MaintenanceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    Log.MaintenanceRan(logger, (await maintenance.RunOnceAsync(stoppingToken)).ToString());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    metrics.MaintenanceFailed();
                    Log.MaintenanceFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
