using Marketplace.Caching;
using Marketplace.Catalog;
using Marketplace.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Tests;

public sealed class WorkflowOptionsTests
{
    [Fact]
    public void Bind_WithoutSettings_UsesDesignDefaults()
    {
        using var host = Build([]);

        var options = host.Services.GetRequiredService<IOptions<WorkflowOptions>>().Value;

        Assert.Equal((true, 4, 3), (options.RunnerEnabled, options.MaxConcurrentExecutions, options.MaxParallelStages));
    }

    [Fact]
    public void Bind_FromEnvironmentStyleKeys_OverridesDefaults()
    {
        using var host = Build(new() { ["Workflows:RunnerEnabled"] = "false", ["Workflows:MaxConcurrentExecutions"] = "9" });

        var options = host.Services.GetRequiredService<IOptions<WorkflowOptions>>().Value;

        Assert.Equal((false, 9), (options.RunnerEnabled, options.MaxConcurrentExecutions));
    }

    [Fact]
    public void Bind_OutOfRange_FailsNamingEveryKey()
    {
        using var host = Build(new() { ["Workflows:MaxConcurrentExecutions"] = "0", ["Workflows:MaxParallelStages"] = "65" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<WorkflowOptions>>().Value);

        Assert.Contains("Workflows:MaxConcurrentExecutions", error.Message, StringComparison.Ordinal);
        Assert.Contains("Workflows:MaxParallelStages", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddMarketplaceData().AddMarketplaceBlobCache().AddMarketplaceCatalog().AddMarketplaceWorkflows();
        return builder.Build();
    }
}
