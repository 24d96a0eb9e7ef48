using Marketplace.Catalog.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Tests;

public sealed class SourcesOptionsTests
{
    [Fact]
    public async Task Start_WithBadLimits_FailsNamingEveryKey()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sources:MaxFileBytes"] = "0",
            ["Sources:FrontMatter:MaxDepth"] = "0",
            ["Sources:Json:MaxDepth"] = "5000",
        });
        builder.Services.AddMarketplaceCatalog();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        foreach (var key in new[] { "Sources:MaxFileBytes", "Sources:FrontMatter:MaxDepth", "Sources:Json:MaxDepth" })
        {
            Assert.Contains(key, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_FileLimitAboveTheArtifactLimit_Fails()
    {
        var result = new SourcesOptionsValidator().Validate(null, new SourcesOptions { MaxFileBytes = 100, MaxBytesPerArtifact = 10 });

        Assert.Contains("Sources:MaxFileBytes must not exceed Sources:MaxBytesPerArtifact", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AdmitRealMarketplaces()
    {
        var options = new SourcesOptions();

        Assert.Equal((8L << 20, 5000, 32L << 20, 200_000, 32), (options.MaxFileBytes, options.MaxFilesPerArtifact, options.MaxBytesPerArtifact, options.MaxFilesPerScan, options.MaxFolderDepth));
        Assert.True(new SourcesOptionsValidator().Validate(null, options).Succeeded);
    }
}
