using Marketplace.Api.Tests.Postgres;

namespace Marketplace.Api.Tests;

/// <summary>
/// A class fixture: one API host shared by a test class's tests, on a fresh SQLite file or, given the
/// <see cref="PostgresFixture"/>, on a new PostgreSQL database.
/// </summary>
public abstract class ApiHost(PostgresFixture? postgres = null, Dictionary<string, string?>? settings = null) : IAsyncLifetime
{
    public MarketplaceApiFactory Factory { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Factory = await MarketplaceApiFactory.CreateAsync(postgres, settings);

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
