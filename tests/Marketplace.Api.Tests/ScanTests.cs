using System.Net.Http.Json;
using Marketplace.Api.Tests.Postgres;
using Marketplace.Caching;
using Marketplace.Catalog.Entries;
using Marketplace.Data.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests;

/// <summary>Scanning a local source without a manifest (the folder walk) on SQLite.</summary>
public sealed class ScanTests() : ScanScenarios(postgres: null);

/// <summary>Scanning a local source without a manifest (the folder walk) on PostgreSQL.</summary>
public sealed class ScanTestsOnPostgres(PostgresFixture postgres) : ScanScenarios(postgres);

/// <summary>
/// A local development source without <c>marketplace.json</c>: the folder walk with confidence, import from it, and the
/// source file cache; run by a class per provider. The folder is the acme-tools sample without its manifest, so the walk
/// lists what is there, the backup copy included (what the manifest would leave out).
/// </summary>
public abstract class ScanScenarios(PostgresFixture? postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Copies samples/marketplaces/acme-tools, without its manifest, into the test host's allowed sources folder.</summary>
    private static string CopySample(MarketplaceApiFactory factory)
    {
        var sample = Samples.Marketplace("acme-tools");
        var target = Path.Combine(factory.SourcesFolder, "acme-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("marketplace.json", StringComparison.Ordinal)))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(sample, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }

    [Fact]
    public async Task Scan_WithoutManifest_WalksTheFolderWithTagsPluginsAndHooksAsConfiguration()
    {
        await using var factory = await MarketplaceApiFactory.CreateAsync(postgres);
        var api = new MarketplaceClient(factory.CreateClient());
        var source = await api.RegisterSourceAsync(CopySample(factory));

        var scan = await api.ScanAsync(source.Id);
        var entries = await api.CatalogAsync(source.Id);

        Assert.True(scan.Warnings.Count == 0, string.Join("\n", scan.Warnings));
        Assert.Equal(new CatalogUpsertResult(15, 15, 0, 0, 0), scan);
        Assert.Equal(
            // The backup copy is walked too (twice code-review: the manifest would have left it out); data-tools has no plugin.json.
            ["agent:code-review:code-reviewer@tests", "agent:git-toolkit:merge-helper@tests", "command:code-review:review@tests", "command:code-review:review@tests",
             "command:git-toolkit:squash@tests", "command:git-toolkit:sync-branch@tests", "hook:code-review:hooks@tests", "mcp_server:filesystem@tests",
             "mcp_server:postgres@tests", "plugin:code-review@tests", "plugin:code-review@tests", "plugin:git-toolkit@tests",
             "skill:csv-cleaner@tests", "skill:git-toolkit:conflict-resolver@tests", "skill:sql-explainer@tests"],
            entries.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(entries, e => e.Path.EndsWith(".sh", StringComparison.Ordinal)); // scripts are not hooks
        var csv = entries.Single(e => e.Name == "csv-cleaner");
        Assert.Equal(("plugins/data-tools/skills/csv-cleaner", "1.2.0", 100), (csv.Path, csv.DetectedVersion, csv.Confidence));
        Assert.Equal(["csv", "cleaning", "data-tools"], csv.Tags); // front matter, then path segments
        Assert.Equal(64, csv.DetectedSha!.Length);
        Assert.Equal("plugins/data-tools/.mcp.json#postgres", entries.Single(e => e.Name == "postgres").Path);
        var refreshed = await api.SourceAsync(source.Id);
        Assert.Equal((ScanStatus.Succeeded, 15), (refreshed.ScanStatus, refreshed.EntryCount));

        var plugin = entries.Single(e => e.Key == "plugin:git-toolkit@tests");
        var result = await api.ImportAsync(source.Id, [plugin.Id]);
        var imported = (await api.ArtifactAsync("plugin:git-toolkit@tests"))!;
        Assert.Equal(5, result.Imported);
        Assert.Equal(["agent:git-toolkit:merge-helper@tests", "command:git-toolkit:squash@tests", "command:git-toolkit:sync-branch@tests",
            "skill:git-toolkit:conflict-resolver@tests"], imported.Members.Select(m => m.Key));
        Assert.Equal(("3.1.0", "Acme DevEx", "Apache-2.0"), (imported.Version, imported.Author, imported.License));
        Assert.Contains("scripts/guard-push.sh", imported.Files.Select(f => f.Path)); // the plugin whole
        var skill = (await api.ArtifactAsync("skill:git-toolkit:conflict-resolver@tests"))!;
        Assert.Equal(["SKILL.md", "examples.md"], skill.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
    }

    private static readonly string[] Include = ["plugins/**"];
    private static readonly string[] Exclude = ["*.json"];

    [Fact]
    public async Task Scan_IncludeAndExcludePatterns_NarrowTheWalk()
    {
        await using var factory = await MarketplaceApiFactory.CreateAsync(postgres);
        var api = new MarketplaceClient(factory.CreateClient());
        var response = await api.Http.PostJsonAsync("/api/v1/marketplace/sources", new
        {
            repoUrl = $"https://example.test/{Guid.NewGuid():N}", localPath = CopySample(factory), include = Include, exclude = Exclude,
        });
        var source = await ProblemAssert.IsJsonAsync<Contracts.SourceResponse>(response, System.Net.HttpStatusCode.Created);

        await api.ScanAsync(source.Id);

        var paths = (await api.CatalogAsync(source.Id)).Select(e => e.Path).ToList();
        Assert.All(paths, p => Assert.StartsWith("plugins/", p, StringComparison.Ordinal));
        Assert.DoesNotContain(paths, p => p.Contains(".json", StringComparison.Ordinal)); // hooks and MCP servers excluded
        Assert.Contains("plugins/git-toolkit", paths);
    }

    [Fact]
    public async Task Rescan_AfterChanges_MarksRemovedAndUpdatedButKeepsImportedAndExcluded()
    {
        await using var factory = await MarketplaceApiFactory.CreateAsync(postgres);
        var api = new MarketplaceClient(factory.CreateClient());
        var root = CopySample(factory);
        var source = await api.RegisterSourceAsync(root);
        await api.ScanAsync(source.Id);
        var entries = (await api.CatalogAsync(source.Id)).Where(e => !e.Path.StartsWith("backups/", StringComparison.Ordinal)).ToDictionary(e => e.Name);
        await api.ImportAsync(source.Id, [entries["squash"].Id]);
        await api.Http.PatchAsync($"/api/v1/marketplace/sources/{source.Id}/catalog/{entries["merge-helper"].Id}", JsonContent.Create(new { excluded = true }), Ct);

        File.Delete(Path.Combine(root, entries["code-reviewer"].Path));
        File.Delete(Path.Combine(root, entries["merge-helper"].Path));
        File.AppendAllText(Path.Combine(root, entries["squash"].Path), "\nMention the ticket number.\n");
        File.AppendAllText(Path.Combine(root, entries["sql-explainer"].Path, "SKILL.md"), "\nPrefer EXPLAIN QUERY PLAN.\n");
        var scan = await api.ScanAsync(source.Id);

        var after = (await api.CatalogAsync(source.Id)).Where(e => !e.Path.StartsWith("backups/", StringComparison.Ordinal)).ToDictionary(e => e.Name);
        // Updated: squash, sql-explainer and the two plugins whose folders changed (a plugin is every file under it).
        Assert.Equal((13, 0, 4, 9, 1), (scan.Total, scan.Created, scan.Updated, scan.Unchanged, scan.Removed));
        Assert.Equal(CatalogEntryStatus.Removed, after["code-reviewer"].Status);
        Assert.Equal(CatalogEntryStatus.Excluded, after["merge-helper"].Status); // vanished but excluded: untouched
        Assert.Equal(CatalogEntryStatus.Imported, after["squash"].Status); // changed but imported: state kept, sha refreshed
        Assert.NotEqual(entries["squash"].DetectedSha, after["squash"].DetectedSha);
        Assert.Equal(CatalogEntryStatus.Updated, after["sql-explainer"].Status);
    }

    [Fact]
    public async Task Scan_LinkInsideSourcePointingOutside_IsNotFollowed()
    {
        await using var factory = await MarketplaceApiFactory.CreateAsync(postgres);
        var api = new MarketplaceClient(factory.CreateClient());
        var root = CopySample(factory);
        var outside = Directory.CreateTempSubdirectory("outside-skill-").FullName;
        File.WriteAllText(Path.Combine(outside, "SKILL.md"), "---\nname: stolen\n---\nsecret");
        Directory.CreateSymbolicLink(Path.Combine(root, "plugins", "data-tools", "skills", "linked"), outside);
        File.CreateSymbolicLink(Path.Combine(root, "plugins", "git-toolkit", "commands", "passwd.md"), "/etc/passwd");
        try
        {
            var source = await api.RegisterSourceAsync(root);
            await api.ScanAsync(source.Id);

            var names = (await api.CatalogAsync(source.Id)).Select(e => e.Name).ToList();
            Assert.DoesNotContain("stolen", names);
            Assert.DoesNotContain("passwd", names);
            Assert.Equal(15, names.Count);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task Import_AfterScan_ReadsUnchangedFilesFromTheCacheAndChangedOnesFromDisk()
    {
        await using var factory = await MarketplaceApiFactory.CreateAsync(postgres);
        var api = new MarketplaceClient(factory.CreateClient());
        var root = CopySample(factory);
        var source = await api.RegisterSourceAsync(root);
        await api.ScanAsync(source.Id);
        var cache = factory.Services.GetRequiredService<BlobCache>();
        await WaitForStableEntriesAsync(cache); // the scan fills the cache without waiting for it
        var entries = (await api.CatalogAsync(source.Id)).Where(e => !e.Path.StartsWith("backups/", StringComparison.Ordinal)).ToDictionary(e => e.Name);
        var changed = Path.Combine(root, entries["squash"].Path);
        File.AppendAllText(changed, "\nKeep the first line under 72 characters.\n");
        var hitsBefore = cache.Stats().Hits;

        await api.ImportAsync(source.Id, [entries["sync-branch"].Id, entries["squash"].Id]);

        foreach (var (key, file) in new[] { ("command:git-toolkit:sync-branch@tests", Path.Combine(root, entries["sync-branch"].Path)),
            ("command:git-toolkit:squash@tests", changed) })
        {
            var stored = Assert.Single((await api.ArtifactAsync(key))!.Files);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(file, Ct))), stored.Sha256);
        }

        Assert.Equal(hitsBefore + 1, cache.Stats().Hits); // sync-branch.md came from the cache; squash.md changed, so it missed
    }

    private static async Task WaitForStableEntriesAsync(BlobCache cache)
    {
        var last = -1L;
        for (var i = 0; i < 100; i++)
        {
            var entries = cache.Stats().Entries;
            if (entries > 0 && entries == last)
            {
                return;
            }

            last = entries;
            await Task.Delay(100, Ct);
        }

        Assert.Fail("the cache did not settle");
    }
}
