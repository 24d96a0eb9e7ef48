using Marketplace.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Workflows;

/// <summary>The workflow engine's DI entry point.</summary>
public static class MarketplaceWorkflowsServiceCollectionExtensions
{
    /// <summary>Registers the data layer and the workflow settings. The engine itself arrives with the workflow issue.</summary>
    public static IServiceCollection AddMarketplaceWorkflows(this IServiceCollection services)
    {
        services.AddMarketplaceData();
        services.AddOptions<WorkflowOptions>()
            .BindConfiguration(WorkflowOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
