using System.Net;
using Marketplace.Data.Model;
using Marketplace.Tests.Shared;

namespace Marketplace.Api.Tests;

/// <summary>
/// Sources fetched from real git repositories made in temp folders (no network): the commit recorded on the source, its
/// entries and imported artifacts; a new commit, a tag, a commit id, a force-push that rewrites history, a deleted branch,
/// an unknown ref and a remote that is not a repository; limits.
/// </summary>
public sealed class GitSourceTests : IAsyncLifetime
{
    private MarketplaceApiFactory _factory = null!;
    private MarketplaceClient _api = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _factory = await MarketplaceApiFactory.CreateAsync(null);
        _api = new MarketplaceClient(_factory.CreateClient());
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private GitRepository Repo(string name = "acme-tools", bool manifest = true)
    {
        var repo = GitRepository.Create(Path.Combine(_factory.SourcesFolder, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]), Samples.Marketplace(name));
        if (!manifest)
        {
            repo.DeleteFile(".claude-plugin/marketplace.json");
            repo.CommitAll("no manifest");
        }

        return repo;
    }

    [Fact]
    public async Task Scan_FileUrl_RecordsTheCommitOnTheSourceItsEntriesAndImportedArtifacts()
    {
        var repo = Repo();
        var source = await _api.RegisterGitSourceAsync(repo.Url);

        var scan = await _api.ScanAsync(source.Id);

        var head = repo.Head();
        Assert.Equal((head, 17, 17), (scan.Commit, scan.Total, scan.Created));
        var after = await _api.SourceAsync(source.Id);
        Assert.Equal((head, ScanStatus.Succeeded, "acme-tools", "acme-tools", "Acme DevEx"), (after.ResolvedCommit, after.ScanStatus, after.Namespace,
            after.MarketplaceName, after.Owner));
        Assert.All(await _api.CatalogAsync(source.Id), e => Assert.Equal(head, e.Commit));
        var squash = (await _api.CatalogAsync(source.Id)).Single(e => e.Name == "squash");
        await _api.ImportAsync(source.Id, [squash.Id]);
        Assert.Equal(head, (await _api.ArtifactAsync("command:git-toolkit:squash@acme-tools"))!.Commit);
    }

    [Fact]
    public async Task Rescan_NewCommit_DiffsNewUpdatedRemovedAndUnchanged_ThenNothingChangedIsUnchanged()
    {
        var repo = Repo();
        var source = await _api.RegisterGitSourceAsync(repo.Url);
        var first = await _api.ScanAsync(source.Id);
        repo.WriteFile("plugins/git-toolkit/commands/amend.md", "---\ndescription: Amends the last commit.\n---\nAmend it.\n");
        repo.WriteFile("plugins/git-toolkit/commands/squash.md", "---\ndescription: Squashes, now with a body.\n---\nSquash.\n");
        repo.DeleteFile("plugins/code-review/agents/code-reviewer.md");
        var second = repo.CommitAll("change three commands");

        var rescan = await _api.ScanAsync(source.Id);
        var again = await _api.ScanAsync(source.Id);

        // The plugins that changed are updated too: a plugin is every file under its folder.
        Assert.Equal((second, 17, 1, 3, 13, 1), (rescan.Commit, rescan.Total, rescan.Created, rescan.Updated, rescan.Unchanged, rescan.Removed));
        Assert.NotEqual(first.Commit, rescan.Commit);
        Assert.Equal((second, 17, 0, 0, 17, 0), (again.Commit, again.Total, again.Created, again.Updated, again.Unchanged, again.Removed));
        var entries = await _api.CatalogAsync(source.Id);
        Assert.Equal(CatalogEntryStatus.Removed, entries.Single(e => e.Name == "code-reviewer").Status);
        Assert.Equal(CatalogEntryStatus.Updated, entries.Single(e => e.Name == "squash").Status);
        Assert.All(entries.Where(e => e.Status != CatalogEntryStatus.Removed), e => Assert.Equal(second, e.Commit));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Scan_TagOrCommitRef_ResolvesThatCommitNotTheBranchHead(bool byCommit)
    {
        var repo = Repo();
        var tagged = repo.Head();
        repo.Git("tag", "-a", "v1", "-m", "first release");
        repo.WriteFile("plugins/git-toolkit/commands/later.md", "---\ndescription: Added after v1.\n---\nLater.\n");
        repo.CommitAll("after the tag");
        var source = await _api.RegisterGitSourceAsync(repo.Url, byCommit ? tagged : "v1");

        var scan = await _api.ScanAsync(source.Id);

        Assert.Equal((tagged, 17), (scan.Commit, scan.Total));
        Assert.DoesNotContain(await _api.CatalogAsync(source.Id), e => e.Name == "later");
    }

    [Fact]
    public async Task Rescan_AfterAForcePushRewroteHistory_FetchesTheNewCommit()
    {
        var repo = Repo();
        var source = await _api.RegisterGitSourceAsync(repo.Url);
        var before = (await _api.ScanAsync(source.Id)).Commit;
        repo.WriteFile("plugins/git-toolkit/commands/squash.md", "---\ndescription: Rewritten.\n---\nRewritten.\n");
        repo.Git("add", "--all");
        repo.Git("commit", "--quiet", "--amend", "-m", "rewritten history");
        repo.Git("reflog", "expire", "--expire=now", "--all");
        repo.Git("gc", "--quiet", "--prune=now");
        var rewritten = repo.Head();

        var scan = await _api.ScanAsync(source.Id);

        Assert.NotEqual(before, rewritten);
        Assert.Equal((rewritten, 1), (scan.Commit, scan.Updated - 1)); // squash and its plugin
        Assert.Equal("Rewritten.", (await _api.CatalogAsync(source.Id)).Single(e => e.Name == "squash").Description);
    }

    [Fact]
    public async Task Rescan_DeletedBranch_FailsWithTheReasonOnTheSourceAndChangesNothingElse()
    {
        var repo = Repo();
        repo.Git("branch", "feature");
        var source = await _api.RegisterGitSourceAsync(repo.Url, "feature");
        await _api.ScanAsync(source.Id);
        var before = await _api.CatalogAsync(source.Id);
        repo.Git("branch", "-D", "feature");

        var error = await _api.FailedScanAsync(source.Id); // the scan is a job: a failed fetch fails it with the reason

        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        var after = await _api.SourceAsync(source.Id);
        Assert.Equal(ScanStatus.Failed, after.ScanStatus);
        Assert.Contains("does not exist", after.ScanError, StringComparison.Ordinal);
        Assert.Equal(before.Select(e => (e.Id, e.Status, e.Commit)), (await _api.CatalogAsync(source.Id)).Select(e => (e.Id, e.Status, e.Commit)));
    }

    [Fact]
    public async Task Scan_UnknownRef_FailsNamingTheRef()
    {
        var source = await _api.RegisterGitSourceAsync(Repo().Url, "no-such-branch");

        var error = await _api.FailedScanAsync(source.Id); // the scan is a job: a failed fetch fails it with the reason

        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        Assert.Empty(await _api.CatalogAsync(source.Id));
    }

    [Fact]
    public async Task Scan_RemoteThatIsNotARepository_FailsWithTheReason()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_factory.SourcesFolder, "not-a-repo")).FullName;
        File.WriteAllText(Path.Combine(folder, "README.md"), "just a folder");
        var source = await _api.RegisterGitSourceAsync("file://" + folder);

        var error = await _api.FailedScanAsync(source.Id); // the scan is a job: a failed fetch fails it with the reason

        Assert.Contains("not a git repository", error, StringComparison.Ordinal);
        Assert.Equal(ScanStatus.Failed, (await _api.SourceAsync(source.Id)).ScanStatus);
    }

    [Fact]
    public async Task Register_FileUrlOutsideTheAllowedRoots_Is400()
    {
        var outside = GitRepository.Create(Directory.CreateTempSubdirectory("outside-repo-").FullName, Samples.Marketplace("other-tools"));

        var response = await _api.Http.PostJsonAsync("/api/v1/marketplace/sources", new { repoUrl = outside.Url });

        await ProblemAssert.IsValidationProblemAsync(response, "repoUrl");
        Directory.Delete(outside.Folder, recursive: true);
    }

    [Fact]
    public async Task Scan_CommitOverTheCheckoutLimit_FailsNamingTheLimit()
    {
        await using var factory = await MarketplaceApiFactory.CreateAsync(null, new() { ["Git:MaxFetchBytes"] = "1048576", ["Git:MaxCheckoutBytes"] = "1048576" });
        var api = new MarketplaceClient(factory.CreateClient());
        var repo = GitRepository.Create(Path.Combine(factory.SourcesFolder, "big"), Samples.Marketplace("other-tools"));
        File.WriteAllBytes(Path.Combine(repo.Folder, "code-review", "data.bin"), Enumerable.Range(0, 3 << 20).Select(i => (byte)Random.Shared.Next()).ToArray());
        repo.CommitAll("three megabytes of noise");
        var source = await api.RegisterGitSourceAsync(repo.Url);

        var error = await api.FailedScanAsync(source.Id); // the scan is a job: a failed fetch fails it with the reason

        Assert.Matches("Git:Max(Fetch|Checkout)Bytes", error);
    }

    [Fact]
    public async Task Delete_GitSource_RemovesItsMirror()
    {
        var source = await _api.RegisterGitSourceAsync(Repo().Url);
        await _api.ScanAsync(source.Id);
        var mirror = Path.Combine(_factory.DataFolder, "mirrors", source.Id.ToString("N"));
        Assert.True(Directory.Exists(mirror));

        Assert.Equal(HttpStatusCode.NoContent, (await _api.Http.DeleteAsync($"/api/v1/marketplace/sources/{source.Id}", Ct)).StatusCode);

        Assert.False(Directory.Exists(mirror));
    }
}
