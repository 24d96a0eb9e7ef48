using System.Collections.Concurrent;
using System.Text;
using Marketplace.Data.Model;
using Marketplace.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Marketplace.Api.Tests;

/// <summary>
/// A token per host from configuration: sent to that host (as HTTP basic authentication, through git's environment), and
/// never logged, stored or returned — not in a response, a log line at any level, the database, or the mirror's files.
/// </summary>
public sealed class GitCredentialTests
{
    private const string Token = "ghp_s3cretTokenValue1234567890";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Basic(string token) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{token}"));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Scan_PrivateRemote_TokenIsSentToItsHostButNeverLoggedStoredOrReturned(bool tokenAccepted)
    {
        var logs = new CapturedLogs();
        var folder = Directory.CreateTempSubdirectory("dumb-git-").FullName;
        var work = GitRepository.Create(Path.Combine(folder, "work"), Samples.Marketplace("other-tools"));
        work.Git("clone", "--quiet", "--bare", work.Folder, Path.Combine(folder, "repo.git"));
        work.Git("-C", Path.Combine(folder, "repo.git"), "update-server-info");
        await using var server = new DumbGitServer(Path.Combine(folder, "repo.git"), Basic(tokenAccepted ? Token : "another-token"));
        await using var factory = await MarketplaceApiFactory.CreateAsync(null, new()
        {
            ["Git:Credentials:127.0.0.1"] = Token,
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Marketplace"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
        });
        var hosted = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var api = new MarketplaceClient(hosted.CreateClient());
        var source = await api.RegisterGitSourceAsync(server.Url);

        var scan = await api.ScanJobAsync(source.Id);
        var body = await api.Http.GetStringAsync($"/api/v1/scans/{scan.Id}", Ct) + await api.Http.GetStringAsync($"/api/v1/scans/{scan.Id}/events", Ct);

        Assert.Contains(Basic(Token), server.Authorizations); // sent, to that host
        Assert.Equal(tokenAccepted ? "completed" : "failed", scan.Status);
        var after = await api.SourceAsync(source.Id);
        Assert.Equal(tokenAccepted ? ScanStatus.Succeeded : ScanStatus.Failed, after.ScanStatus);
        var sourceJson = await api.Http.GetStringAsync($"/api/v1/marketplace/sources/{source.Id}", Ct);
        foreach (var secret in new[] { Token, Basic(Token)[6..] })
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, sourceJson, StringComparison.Ordinal);
            Assert.DoesNotContain(logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
            Assert.Empty(await DatabaseDump.WhereAsync(factory, secret));
            var mirror = Path.Combine(factory.DataFolder, "mirrors");
            Assert.DoesNotContain(Directory.Exists(mirror) ? Directory.EnumerateFiles(mirror, "*", SearchOption.AllDirectories) : [],
                f => new FileInfo(f).Length < 1 << 20 && File.ReadAllText(f).Contains(secret, StringComparison.Ordinal));
        }

        Assert.NotEmpty(logs.Lines);
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Every log line of the host, at every level.</summary>
    private sealed class CapturedLogs : ILoggerProvider, ILogger
    {
        public ConcurrentBag<string> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception) + exception);

        public void Dispose()
        {
        }
    }
}
