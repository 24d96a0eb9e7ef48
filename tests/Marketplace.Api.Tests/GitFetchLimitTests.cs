using System.Net;
using System.Net.Sockets;
using Marketplace.Data.Model;
using Marketplace.Tests.Shared;

namespace Marketplace.Api.Tests;

/// <summary>A fetch past its time or size limit fails the scan with that limit's name on the source, and changes nothing else.</summary>
public sealed class GitFetchLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scan_RemoteThatNeverAnswers_FailsNamingTheFetchTimeout()
    {
        // A loopback server that takes connections and never says a word: git would wait for it forever.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                held.Add(await silent.AcceptTcpClientAsync(Ct));
            }
        }, Ct);
        await using var factory = await MarketplaceApiFactory.CreateAsync(null, new() { ["Git:FetchTimeout"] = "00:00:01" });
        var api = new MarketplaceClient(factory.CreateClient());
        var source = await api.RegisterGitSourceAsync($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/repo");

        var error = await api.FailedScanAsync(source.Id); // the scan is a job: a failed fetch fails it with the reason

        Assert.Contains("Git:FetchTimeout", error, StringComparison.Ordinal);
        var after = await api.SourceAsync(source.Id);
        Assert.Equal(ScanStatus.Failed, after.ScanStatus);
        Assert.Contains("Git:FetchTimeout", after.ScanError, StringComparison.Ordinal);
        Assert.Null(after.ResolvedCommit);
        held.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Scan_FetchOverItsSizeLimit_FailsNamingTheLimitAndKeepsTheLastCatalog()
    {
        await using var factory = await MarketplaceApiFactory.CreateAsync(null, new() { ["Git:MaxFetchBytes"] = "1048576" });
        var api = new MarketplaceClient(factory.CreateClient());
        var repo = GitRepository.Create(Path.Combine(factory.SourcesFolder, "growing"), Samples.Marketplace("other-tools"));
        var source = await api.RegisterGitSourceAsync(repo.Url);
        var first = await api.ScanAsync(source.Id);
        var noise = new byte[3 << 20];
        new Random(14).NextBytes(noise); // incompressible, so the pack is as large as the file
        File.WriteAllBytes(Path.Combine(repo.Folder, "code-review", "data.bin"), noise);
        repo.CommitAll("three megabytes of noise");

        var error = await api.FailedScanAsync(source.Id); // the scan is a job: a failed fetch fails it with the reason

        Assert.Contains("Git:MaxFetchBytes", error, StringComparison.Ordinal);
        var after = await api.SourceAsync(source.Id);
        Assert.Equal((ScanStatus.Failed, first.Commit), (after.ScanStatus, after.ResolvedCommit));
        Assert.All(await api.CatalogAsync(source.Id), e => Assert.Equal(first.Commit, e.Commit));
    }
}
