using Marketplace.Api.Tests.Postgres;

namespace Marketplace.Api.Tests.Workflows;

/// <summary>
/// A class fixture: one API host with its runner and the test stage handlers (see <see cref="WorkflowTestFactory"/>),
/// shared by a test class whose tests are independent of each other, on a fresh SQLite file or — given the
/// <see cref="PostgresFixture"/> — on a fresh PostgreSQL database.
/// </summary>
public abstract class WorkflowHost(Dictionary<string, string?>? settings = null, PostgresFixture? postgres = null) : IAsyncLifetime
{
    public MarketplaceApiFactory Factory { get; private set; } = null!;

    internal WorkflowClient Client { get; private set; } = null!;

    /// <summary>The host's database settings as environment variables, for processes that share its database.</summary>
    public Dictionary<string, string> DatabaseEnvironment { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        var resolved = postgres is null ? settings : await postgres.OnNewDatabaseAsync(settings);
        DatabaseEnvironment = HostProcess.Environment((resolved ?? []).Where(s => s.Key.StartsWith("Database:", StringComparison.Ordinal)));
        Factory = WorkflowTestFactory.Create(resolved);
        Client = new WorkflowClient(Factory.CreateClient()); // starts the host: the database is migrated from here on
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
