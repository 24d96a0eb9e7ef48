using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Engine;

/// <summary>The hosted runner; off when <c>Workflows:RunnerEnabled</c> is false (e.g. an API host beside a worker process).</summary>
internal sealed class WorkflowRunnerService(WorkflowRunner runner, IOptions<WorkflowOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.RunnerEnabled ? runner.RunAsync(stoppingToken) : Task.CompletedTask;
}
