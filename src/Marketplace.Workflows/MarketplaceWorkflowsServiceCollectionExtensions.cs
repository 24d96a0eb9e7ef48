using Marketplace.Data.Jobs;
using Marketplace.Workflows.Definitions;
using Marketplace.Workflows.Diagnostics;
using Marketplace.Workflows.Engine;
using Marketplace.Workflows.Handlers;
using Marketplace.Workflows.Maintenance;
using Marketplace.Workflows.Management;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows;

/// <summary>The workflow engine's DI entry point.</summary>
public static class MarketplaceWorkflowsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine (definitions, executions, control), the built-in stage
    /// handlers (<c>marketplace.import</c>, <c>gate</c>, <c>delay</c>), the runner of every job kind — executions here,
    /// imports and scans from the Catalog — (off with <c>Workflows:RunnerEnabled=false</c>) and the maintenance loop.
    /// Needs <c>AddMarketplaceData()</c>, <c>AddMarketplaceBlobCache()</c> (cached stages, cache upkeep) and
    /// <c>AddMarketplaceCatalog()</c> (import stages).
    /// </summary>
    public static IServiceCollection AddMarketplaceWorkflows(this IServiceCollection services)
    {
        services.AddOptions<WorkflowOptions>().BindConfiguration(WorkflowOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkflowOptions>, WorkflowOptionsValidator>();
        services.AddOptions<WorkflowLimits>().BindConfiguration(WorkflowLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MaintenanceOptions>().BindConfiguration(MaintenanceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WorkflowMetrics>();
        services.AddSingleton<LogThrottle>();
        services.AddSingleton<StageHandlerRegistry>();
        services.AddSingleton<WorkflowParser>();
        services.AddSingleton<DefinitionCache>();
        services.AddSingleton<WorkflowService>();
        services.AddSingleton<ExecutionService>();
        services.AddSingleton<ExecutionControl>();
        // Executions as a job kind of the runner: the execution table's part of the shared leases (Data's Jobs/),
        // transitions, the run loop. The runner runs every IJobKind registered (the Catalog adds imports and scans).
        services.AddSingleton<ExecutionLeases>();
        services.AddSingleton<ExecutionWrites>();
        services.AddSingleton<ExecutionClaims>();
        services.AddSingleton<ExecutionTransitions>();
        services.AddSingleton<StepTransitions>();
        services.AddSingleton<StageRunner>();
        services.AddSingleton<ExecutionWindDown>();
        services.AddSingleton<ExecutionProcessor>();
        services.AddSingleton<IJobKind, ExecutionJobKind>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<DatabaseMaintenance>();
        services.AddStageHandler<ImportStageHandler>();
        services.AddStageHandler<GateStageHandler>();
        services.AddStageHandler<DelayStageHandler>();
        services.AddHostedService<JobRunnerService>();
        services.AddHostedService<MaintenanceService>();
        return services;
    }

    /// <summary>Adds a stage handler; stages name it by <see cref="IStageHandler.Type"/>.</summary>
    public static IServiceCollection AddStageHandler<THandler>(this IServiceCollection services)
        where THandler : class, IStageHandler
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStageHandler, THandler>());
        return services;
    }
}
