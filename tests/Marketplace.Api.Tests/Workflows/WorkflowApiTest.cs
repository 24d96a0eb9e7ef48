namespace Marketplace.Api.Tests.Workflows;

/// <summary>A test class over a <see cref="WorkflowHost"/>: its factory, a client, and the test's cancellation token.</summary>
public abstract class WorkflowApiTest(WorkflowHost host)
{
    private protected MarketplaceApiFactory Factory => host.Factory;

    private protected WorkflowClient Client => host.Client;

    private protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The host's database settings as environment variables, for processes that share its database.</summary>
    private protected Dictionary<string, string> DatabaseEnvironment => host.DatabaseEnvironment;
}
