namespace Marketplace.Api.Tests.Workflows;

/// <summary>A test class over one API host with its runner and the test stage handlers (see <see cref="WorkflowTestFactory"/>).</summary>
public abstract class WorkflowApiTest(Dictionary<string, string?>? settings = null) : IAsyncLifetime
{
    private protected MarketplaceApiFactory Factory { get; } = WorkflowTestFactory.Create(settings);

    private protected WorkflowClient Client { get; private set; } = null!;

    private protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        Client = new WorkflowClient(Factory.CreateClient()); // starts the host: the file is migrated from here on
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
