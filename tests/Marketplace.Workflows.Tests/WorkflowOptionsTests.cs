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

    [Fact]
    public void Bind_RunFailureMaxDelayBelowTheFirstDelay_FailsNamingBoth()
    {
        using var host = Build(new() { ["Workflows:RunFailureDelay"] = "00:00:10", ["Workflows:RunFailureMaxDelay"] = "00:00:01" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<WorkflowOptions>>().Value);

        Assert.Contains("Workflows:RunFailureMaxDelay", error.Message, StringComparison.Ordinal);
        Assert.Contains("Workflows:RunFailureDelay", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_Limits_UseDefaultsAndRefuseOutOfRangeNamingEveryKey()
    {
        using (var defaults = Build([]))
        {
            var limits = defaults.Services.GetRequiredService<IOptions<WorkflowLimits>>().Value;
            Assert.Equal((1024 * 1024, 64, 100_000, 200, 2000, 64, 32),
                (limits.MaxDefinitionChars, limits.MaxYamlDepth, limits.MaxYamlNodes, limits.MaxStages, limits.MaxExpressionChars,
                 limits.MaxExpressionDepth, limits.MaxParameterDepth));
        }

        // The definition column holds 1 MiB, and JSON is written at most 1 000 deep: the ranges keep the limits under both.
        using var host = Build(new() { ["Workflows:Limits:MaxDefinitionChars"] = "2000000", ["Workflows:Limits:MaxYamlDepth"] = "1000" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<WorkflowLimits>>().Value);

        Assert.Contains("Workflows:Limits:MaxDefinitionChars", error.Message, StringComparison.Ordinal);
        Assert.Contains("Workflows:Limits:MaxYamlDepth", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddMarketplaceData().AddMarketplaceBlobCache().AddMarketplaceCatalog().AddMarketplaceWorkflows();
        return builder.Build();
    }
}
