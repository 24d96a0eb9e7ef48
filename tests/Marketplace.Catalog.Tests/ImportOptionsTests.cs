using Marketplace.Catalog.Importing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Tests;

public sealed class ImportOptionsTests
{
    [Fact]
    public async Task Start_WithBadImportSettings_FailsNamingKey()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Import:BatchSize"] = "1001" });
        builder.Services.AddMarketplaceCatalog();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Import:BatchSize must be between 1 and 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_MatchTheDesignTable()
    {
        var import = new ImportOptions();

        Assert.Equal((10, 10_000, TimeSpan.FromSeconds(1)), (import.BatchSize, import.MaxEntriesPerRequest, import.SlowBatchWarning));
    }
}
