using System.IO.Compression;
using System.Net;
using Marketplace.Api.Tests.Postgres;
using Marketplace.Data.Model;
using Marketplace.Tests.Shared;

namespace Marketplace.Api.Tests;

/// <summary>The manifest as the catalog, identities and whole plugins, on SQLite.</summary>
public sealed class MarketplaceScanTests() : MarketplaceScanScenarios(postgres: null);

/// <summary>The manifest as the catalog, identities and whole plugins, on PostgreSQL.</summary>
public sealed class MarketplaceScanTestsOnPostgres(PostgresFixture postgres) : MarketplaceScanScenarios(postgres);

/// <summary>
/// The sample marketplaces in the real format, turned into git repositories: what the manifest publishes is the catalog,
/// a plugin and its components import as themselves (two marketplaces' <c>code-review</c> both), a true collision says
/// with what it collided, a plugin comes out whole (files, one file, zip), and a selection imports without ids.
/// </summary>
public abstract class MarketplaceScanScenarios(PostgresFixture? postgres) : IAsyncLifetime
{
    private MarketplaceApiFactory _factory = null!;
    private MarketplaceClient _api = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _factory = await MarketplaceApiFactory.CreateAsync(postgres);
        _api = new MarketplaceClient(_factory.CreateClient());
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async Task<Contracts.SourceResponse> ScannedAsync(string sample, string? folder = null)
    {
        var repo = GitRepository.Create(Path.Combine(_factory.SourcesFolder, folder ?? sample), Samples.Marketplace(sample));
        var source = await _api.RegisterGitSourceAsync(repo.Url);
        await _api.ScanAsync(source.Id);
        return await _api.SourceAsync(source.Id);
    }

    [Fact]
    public async Task Scan_AcmeTools_CataloguesWhatTheManifestPublishesAndNothingElse()
    {
        var source = await ScannedAsync("acme-tools");
        var entries = await _api.CatalogAsync(source.Id);

        Assert.Equal([
            "agent:code-review:code-reviewer@acme-tools", "agent:git-toolkit:merge-helper@acme-tools", "command:code-review:review@acme-tools",
            "command:git-toolkit:release@acme-tools", "command:git-toolkit:squash@acme-tools", "command:git-toolkit:sync-branch@acme-tools",
            "hook:code-review:hooks@acme-tools", "hook:git-toolkit:inline-hooks@acme-tools", "mcp_server:data-tools:filesystem@acme-tools",
            "mcp_server:data-tools:postgres@acme-tools", "plugin:code-review@acme-tools", "plugin:data-tools@acme-tools",
            "plugin:deploy-tools@acme-tools", "plugin:git-toolkit@acme-tools", "skill:data-tools:csv-cleaner@acme-tools",
            "skill:data-tools:sql-explainer@acme-tools", "skill:git-toolkit:conflict-resolver@acme-tools"],
            entries.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(entries, e => e.Path.StartsWith("backups/", StringComparison.Ordinal));
        Assert.Equal(("acme-tools", "Acme DevEx", "Acme's shared Claude Code plugins: git help, code review, data tools."),
            (source.MarketplaceName, source.Owner, source.Description));
        var git = entries.Single(e => e.Key == "plugin:git-toolkit@acme-tools");
        Assert.Equal(("plugins/git-toolkit", "3.1.0", "Acme DevEx", "development"), (git.Path, git.DetectedVersion, git.Author, git.Category));
        var data = entries.Single(e => e.Key == "plugin:data-tools@acme-tools"); // no plugin.json: the manifest entry describes it
        Assert.Equal(("0.9.0", "Acme Data Team", 100), (data.DetectedVersion, data.Author, data.Confidence));
        Assert.Equal(["data", "csv", "sql"], data.Tags);
        var remote = entries.Single(e => e.Key == "plugin:deploy-tools@acme-tools");
        Assert.Equal("github:acme-example/deploy-plugin@v2", remote.RemoteSource);
        Assert.Contains("another repository", remote.Problem, StringComparison.Ordinal);
        Assert.Equal(".claude-plugin/plugin.json#hooks", entries.Single(e => e.Name == "inline-hooks").Path["plugins/git-toolkit/".Length..]);
        Assert.True(source.ScanWarnings.Count == 0, string.Join("\n", source.ScanWarnings));
    }

    [Fact]
    public async Task Scan_ListedFolderMissing_IsAWarningOnTheSource()
    {
        var source = await ScannedAsync("other-tools");

        Assert.True(source.ScanWarnings.Count == 1, string.Join("\n", source.ScanWarnings));
        var warning = source.ScanWarnings[0];
        Assert.Equal(".claude-plugin/marketplace.json", warning.Path);
        Assert.Contains("'ghost'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", warning.Message, StringComparison.Ordinal);
        Assert.Equal(["command:code-review:review@other-tools", "plugin:code-review@other-tools"],
            (await _api.CatalogAsync(source.Id)).Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ImportAll_AcmeTools_EveryPublishedArtifactAsItselfAndPluginsWhole()
    {
        var source = await ScannedAsync("acme-tools");

        var result = await _api.ImportSelectionAsync(source.Id, new { all = true });

        Assert.Equal(("partial", 17, 16, 0, 1), (result.Status, result.Total, result.Imported, result.Skipped, result.Failed));
        var failed = Assert.Single(result.Entries, e => e.Outcome == ImportOutcome.Failed);
        Assert.Contains("another repository (github:acme-example/deploy-plugin@v2)", failed.Error, StringComparison.Ordinal);
        var entries = await _api.CatalogAsync(source.Id);
        Assert.All(result.Entries.Where(e => e.Outcome == ImportOutcome.Imported),
            e => Assert.Equal(entries.Single(x => x.Id == e.EntryId).Key, e.ArtifactKey)); // each as itself
        var plugin = (await _api.ArtifactAsync("plugin:git-toolkit@acme-tools"))!;
        var folder = Path.Combine(Samples.Marketplace("acme-tools"), "plugins", "git-toolkit");
        var onDisk = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(onDisk, plugin.Files.Select(f => f.Path));
        Assert.Contains("scripts/guard-push.sh", onDisk);
        Assert.Equal(["agent:git-toolkit:merge-helper@acme-tools", "command:git-toolkit:release@acme-tools", "command:git-toolkit:squash@acme-tools",
            "command:git-toolkit:sync-branch@acme-tools", "hook:git-toolkit:inline-hooks@acme-tools", "skill:git-toolkit:conflict-resolver@acme-tools"],
            plugin.Members.Select(m => m.Key).Order(StringComparer.Ordinal));
        var inline = (await _api.ArtifactAsync("hook:git-toolkit:inline-hooks@acme-tools"))!;
        Assert.Equal(["hooks/hooks.json", "scripts/guard-push.sh"], inline.Files.Select(f => f.Path));
        var hook = (await _api.ArtifactAsync("hook:code-review:hooks@acme-tools"))!;
        Assert.Equal(["hooks-handlers/lint.sh", "hooks/hooks.json"], hook.Files.Select(f => f.Path));
        Assert.Equal(["server.json"], (await _api.ArtifactAsync("mcp_server:data-tools:postgres@acme-tools"))!.Files.Select(f => f.Path));
    }

    [Fact]
    public async Task ArtifactFiles_ImportedPlugin_ListOneFileAndZipLaidOutAsThePlugin()
    {
        var source = await ScannedAsync("acme-tools");
        await _api.ImportSelectionAsync(source.Id, new { plugin = "code-review" });
        var key = Uri.EscapeDataString("plugin:code-review@acme-tools");
        var folder = Path.Combine(Samples.Marketplace("acme-tools"), "plugins", "code-review");

        var list = await ProblemAssert.IsJsonAsync<Contracts.ArtifactFilesResponse>(await _api.Http.GetAsync($"/api/v1/artifacts/{key}/files", Ct), HttpStatusCode.OK);
        var one = await _api.Http.GetAsync($"/api/v1/artifacts/{key}/files/core/score.py", Ct);
        var missing = await _api.Http.GetAsync($"/api/v1/artifacts/{key}/files/core/nothing.py", Ct);
        var escape = await _api.Http.GetAsync($"/api/v1/artifacts/{key}/files/..%2F..%2Fetc%2Fpasswd", Ct);
        var zip = await _api.Http.GetAsync($"/api/v1/artifacts/{key}/archive", Ct);

        Assert.Equal(6, list.Files.Count);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(folder, "core", "score.py"), Ct), await one.Content.ReadAsByteArrayAsync(Ct));
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(escape, HttpStatusCode.NotFound);
        Assert.Equal("application/zip", zip.Content.Headers.ContentType?.MediaType);
        using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync(Ct));
        Assert.Equal(list.Files.Select(f => $"code-review/{f.Path}"), archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        foreach (var entry in archive.Entries)
        {
            using var content = new MemoryStream();
            await (await entry.OpenAsync(Ct)).CopyToAsync(content, Ct);
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(folder, entry.FullName["code-review/".Length..]), Ct), content.ToArray());
        }

        await ProblemAssert.IsProblemAsync(await _api.Http.GetAsync($"/api/v1/artifacts/{Uri.EscapeDataString("plugin:nope@x")}/archive", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Import_SamePluginNameFromTwoMarketplaces_BothImportAsThemselves()
    {
        var acme = await ScannedAsync("acme-tools");
        var other = await ScannedAsync("other-tools");

        var first = await _api.ImportSelectionAsync(acme.Id, new { plugin = "code-review" });
        var second = await _api.ImportSelectionAsync(other.Id, new { plugin = "code-review" });

        Assert.Equal(("completed", 4, 0), (first.Status, first.Imported, first.Skipped));
        Assert.Equal(("completed", 2, 0), (second.Status, second.Imported, second.Skipped));
        Assert.Equal("1.4.0", (await _api.ArtifactAsync("plugin:code-review@acme-tools"))!.Version);
        Assert.Equal("0.1.0", (await _api.ArtifactAsync("plugin:code-review@other-tools"))!.Version);
        Assert.NotNull(await _api.ArtifactAsync("command:code-review:review@other-tools"));
    }

    [Theory]
    [InlineData("skip", null)]
    [InlineData("rename", "plugin:code-review-1@acme-tools")]
    public async Task Import_TrueCollisionFromAForkOfTheSameMarketplace_SaysWithWhatItCollided(string strategy, string? renamedTo)
    {
        var acme = await ScannedAsync("acme-tools");
        var fork = await ScannedAsync("acme-tools", "acme-tools-fork");
        await _api.ImportSelectionAsync(acme.Id, new { plugin = "code-review" });

        var result = await _api.ImportSelectionAsync(fork.Id, new { plugin = "code-review", type = "plugin" }, strategy);

        // The plugin brings its components along; each met its twin from the first marketplace's source.
        Assert.Equal(4, result.Entries.Count);
        Assert.All(result.Entries, e => Assert.NotNull(e.CollidedWith));
        var pluginEntry = (await _api.CatalogAsync(fork.Id)).Single(e => e.ArtifactType == ArtifactType.Plugin && e.Name == "code-review");
        var outcome = result.Entries.Single(e => e.EntryId == pluginEntry.Id);
        Assert.Equal("plugin:code-review@acme-tools", outcome.CollidedWith);
        Assert.Equal(renamedTo ?? "plugin:code-review@acme-tools", outcome.ArtifactKey);
        Assert.Equal(renamedTo is null ? ImportOutcome.Skipped : ImportOutcome.Imported, outcome.Outcome);
        var entry = (await _api.CatalogAsync(fork.Id)).Single(e => e.Id == outcome.EntryId);
        Assert.Equal("plugin:code-review@acme-tools", entry.CollidedWith);
    }

    [Fact]
    public async Task ImportSelection_BadOrEmptySelection_Is400AndWritesNothing()
    {
        var source = await ScannedAsync("other-tools");

        foreach (var (body, field) in new (object, string)[]
        {
            (new { selection = new { type = "widget" }, conflictStrategy = "skip" }, "selection.type"),
            (new { selection = new { status = "excluded" }, conflictStrategy = "skip" }, "selection.status"),
            (new { selection = new { all = true, plugin = "x" }, conflictStrategy = "skip" }, "selection"),
            (new { selection = new { plugin = "nothing-here" }, conflictStrategy = "skip" }, "selection"),
            (new { selection = new { all = true }, entryIds = new[] { Guid.NewGuid() }, conflictStrategy = "skip" }, "entryIds"),
        })
        {
            await ProblemAssert.IsValidationProblemAsync(await _api.PostImportAsync(source.Id, body), field);
        }

        Assert.All(await _api.CatalogAsync(source.Id), e => Assert.Null(e.ImportId));
    }

    [Fact]
    public async Task Scan_ArtifactOverALimit_ShowsWhyInTheCatalog()
    {
        await using var factory = await MarketplaceApiFactory.CreateAsync(postgres, new() { ["Sources:MaxFilesPerArtifact"] = "3" });
        var api = new MarketplaceClient(factory.CreateClient());
        var repo = GitRepository.Create(Path.Combine(factory.SourcesFolder, "acme"), Samples.Marketplace("acme-tools"));
        var source = await api.RegisterGitSourceAsync(repo.Url);

        await api.ScanAsync(source.Id);

        var plugin = (await api.CatalogAsync(source.Id)).Single(e => e.Key == "plugin:git-toolkit@acme-tools");
        Assert.Contains("Sources:MaxFilesPerArtifact (3)", plugin.Problem, StringComparison.Ordinal);
        Assert.Equal(40, plugin.Confidence);
    }
}
