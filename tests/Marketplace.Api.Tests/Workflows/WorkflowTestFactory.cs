using Marketplace.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Workflows;

/// <summary>The API host with its runner, the test stage handlers, and short engine intervals.</summary>
internal static class WorkflowTestFactory
{
    public static MarketplaceApiFactory Create(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Workflows:PollInterval"] = "00:00:00.200",
            ["Workflows:ControlPollInterval"] = "00:00:00.050",
            ["Maintenance:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return new MarketplaceApiFactory(all)
        {
            ExtraServices = services => services
                .AddStageHandler<FlakyStageHandler>()
                .AddStageHandler<FailStageHandler>()
                .AddSingleton<BlockStageHandler>()
                .AddSingleton<Marketplace.Workflows.Handlers.IStageHandler>(p => p.GetRequiredService<BlockStageHandler>()),
        };
    }
}
