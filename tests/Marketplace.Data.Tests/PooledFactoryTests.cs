using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Data.Tests;

public sealed class PooledFactoryTests
{
    [Fact]
    public async Task Resolve_FromRootAndScopes_ReturnsOneSingletonFactory()
    {
        await using var database = await TestDatabase.CreateAsync();
        var root = database.Services.GetRequiredService<IDbContextFactory<MarketplaceDbContext>>();
        using var scope1 = database.Services.CreateScope();
        using var scope2 = database.Services.CreateScope();

        Assert.Same(root, scope1.ServiceProvider.GetRequiredService<IDbContextFactory<MarketplaceDbContext>>());
        Assert.Same(root, scope2.ServiceProvider.GetRequiredService<IDbContextFactory<MarketplaceDbContext>>());
    }

    [Fact]
    public async Task CreateDbContext_AfterDispose_ReturnsInstanceFromPool()
    {
        await using var database = await TestDatabase.CreateAsync();
        var first = database.Contexts.CreateDbContext();
        await first.DisposeAsync();
        await using var second = database.Contexts.CreateDbContext();

        Assert.Same(first, second);
    }

    [Fact]
    public void AddMarketplaceData_CalledTwice_RegistersFactoryOnce()
    {
        var services = new ServiceCollection();
        services.AddMarketplaceData();
        services.AddMarketplaceData();

        Assert.Single(services, d => d.ServiceType == typeof(IDbContextFactory<MarketplaceDbContext>));
    }
}
