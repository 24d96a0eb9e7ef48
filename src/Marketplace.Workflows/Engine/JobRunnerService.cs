using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// The hosted runner of every job kind (executions, imports, scans); off when <c>Workflows:RunnerEnabled</c> is false
/// (e.g. an API host beside worker processes).
/// </summary>
internal sealed class JobRunnerService(JobRunner runner, IOptions<WorkflowOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.RunnerEnabled ? runner.RunAsync(stoppingToken) : Task.CompletedTask;
}
