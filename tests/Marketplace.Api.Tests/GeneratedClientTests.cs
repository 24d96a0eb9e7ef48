using Marketplace.Api.Tests.Contract;

namespace Marketplace.Api.Tests;

/// <summary>The committed NSwag client is what the live document generates today, so it cannot drift from the API.</summary>
public sealed class GeneratedClientTests
{
    [Fact]
    public async Task Client_GeneratedFromTheLiveDocument_IsTheCommittedOne()
    {
        await using var factory = new MarketplaceApiFactory();
        using var client = factory.CreateClient();
        var generated = await ClientGeneration.GenerateAsync(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));

        if (Environment.GetEnvironmentVariable(ClientGeneration.RegenerateVariable) == "1")
        {
            await File.WriteAllTextAsync(ClientGeneration.CommittedPath, generated, TestContext.Current.CancellationToken);
        }

        var committed = File.Exists(ClientGeneration.CommittedPath) ? (await File.ReadAllTextAsync(ClientGeneration.CommittedPath, TestContext.Current.CancellationToken)).ReplaceLineEndings("\n") : "";
        Assert.True(committed == generated,
            $"{ClientGeneration.CommittedPath} is not what the live OpenAPI document generates; run the tests once with {ClientGeneration.RegenerateVariable}=1 and commit the result.");
    }
}
