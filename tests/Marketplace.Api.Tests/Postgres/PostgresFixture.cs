using Marketplace.Tests.Shared;
using Npgsql;

[assembly: AssemblyFixture(typeof(Marketplace.Api.Tests.Postgres.PostgresFixture))]

namespace Marketplace.Api.Tests.Postgres;

/// <summary>One throwaway PostgreSQL server for the whole test run; each test host gets a database of its own.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public async ValueTask InitializeAsync() => _server = await PostgresServer.StartAsync();

    /// <summary>A new, empty database on the shared server; its connection string.</summary>
    public Task<string> CreateDatabaseAsync() => _server!.CreateDatabaseAsync(TestContext.Current.CancellationToken);

    /// <summary><paramref name="settings"/> plus the provider and a new database of its own.</summary>
    public async Task<Dictionary<string, string?>> OnNewDatabaseAsync(Dictionary<string, string?>? settings = null) =>
        new(settings ?? [])
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = await CreateDatabaseAsync(),
        };

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
