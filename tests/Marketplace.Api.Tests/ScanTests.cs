using System.Net.Http.Json;
using Marketplace.Api.Tests.Postgres;
using Marketplace.Caching;
using Marketplace.Catalog.Entries;
using Marketplace.Data.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests;

/// <summary>Scanning a local source on SQLite.</summary>
public sealed class ScanTests() : ScanScenarios(postgres: null);

/// <summary>Scanning a local source on PostgreSQL.</summary>
public sealed class ScanTestsOnPostgres(PostgresFixture postgres) : ScanScenarios(postgres);

/// <summary>Scanning a local source into the catalog and importing from it; run by a class per provider.</summary>
public abstract class ScanScenarios(PostgresFixture? postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Copies samples/acme-agent-marketplace into the test host's allowed sources folder.</summary>
    private static string CopySample(MarketplaceApiFactory factory)
    {
        var sample = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "acme-agent-marketplace"));
        var target = Path.Combine(factory.SourcesFolder, "acme-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(sample, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }

    /// <summary>Scans a source; the scan must succeed.</summary>
    private static async Task<CatalogUpsertResult> ScanAsync(MarketplaceClient api, Guid sourceId)
    {
        var scan = await api.ScanAsync(sourceId);
        Assert.True(scan.Status == "completed", $"the scan {scan.Status}: {scan.Error}");
        return scan.Result!;
    }

    [Fact]
    public async Task Scan_Samples_FindsEveryTypeWithTagsAndCompositeChildren()
    {
        await using var factory = await MarketplaceApiFactory.CreateAsync(postgres);
        var api = new MarketplaceClient(factory.CreateClient());
        var source = await api.RegisterSourceAsync(CopySample(factory));

        var scan = await ScanAsync(api, source.Id);
        var entries = await api.CatalogAsync(source.Id);

        Assert.Equal(new CatalogUpsertResult(17, 17, 0, 0, 0), scan);
        Assert.Equal(
            ["agent:merge-helper", "agent:security-reviewer", "agent:test-writer", "command:commit", "command:review-pr", "command:squash", "command:sync-branch",
             "hook:block-secrets", "hook:format-on-save", "hook:pre-push", "mcp_server:filesystem", "mcp_server:postgres", "plugin:git-toolkit",
             "skill:conflict-resolver", "skill:csv-cleaner", "skill:release-notes", "skill:sql-explainer"],
            entries.Select(e => $"{System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ArtifactType.ToString())}:{e.Name}").Order(StringComparer.Ordinal));
        var csv = entries.Single(e => e.Name == "csv-cleaner");
        Assert.Equal(("skills/data/csv-cleaner", "1.2.0", 100), (csv.Path, csv.DetectedVersion, csv.Confidence));
        Assert.Equal(["csv", "cleaning", "data"], csv.Tags); // front matter, then path segments
        Assert.Equal(64, csv.DetectedSha!.Length);
        Assert.Equal(".mcp.json#postgres", entries.Single(e => e.Name == "postgres").Path);
        var refreshed = await api.Http.GetFromJsonAsync<Contracts.SourceResponse>($"/api/v1/marketplace/sources/{source.Id}", ProblemAssert.JsonOptions, Ct);
        Assert.Equal((ScanStatus.Succeeded, 17), (refreshed!.ScanStatus, refreshed.EntryCount));

        var plugin = entries.Single(e => e.ArtifactType == ArtifactType.Plugin);
        var result = await api.ImportAsync(source.Id, [plugin.Id]);
        var imported = (await api.ArtifactAsync("plugin:git-toolkit"))!;
        Assert.Equal(6, result.Imported);
        Assert.Equal(["agent:merge-helper", "command:squash", "command:sync-branch", "hook:pre-push", "skill:conflict-resolver"], imported.Members.Select(m => m.Key));
        Assert.Equal(("3.1.0", "Acme DevEx", "Apache-2.0"), (imported.Version, imported.Author, imported.License));
        var skill = (await api.ArtifactAsync("skill:conflict-resolver"))!;
        Assert.Equal(["SKILL.md"], skill.Files.Select(f => f.Path));
    }

    [Fact]
    public async Task Rescan_AfterChanges_MarksRemovedAndUpdatedButKeepsImportedAndExcluded()
    {
        await using var factory = await MarketplaceApiFactory.CreateAsync(postgres);
        var api = new MarketplaceClient(factory.CreateClient());
        var root = CopySample(factory);
        var source = await api.RegisterSourceAsync(root);
        await ScanAsync(api, source.Id);
        var entries = (await api.CatalogAsync(source.Id)).ToDictionary(e => e.Name);
        await api.ImportAsync(source.Id, [entries["commit"].Id]);
        await api.Http.PatchAsync($"/api/v1/marketplace/sources/{source.Id}/catalog/{entries["test-writer"].Id}", System.Net.Http.Json.JsonContent.Create(new { excluded = true }), Ct);

        File.Delete(Path.Combine(root, "commands", "review-pr.md"));
        File.Delete(Path.Combine(root, "agents", "test-writer.md"));
        File.AppendAllText(Path.Combine(root, "commands", "commit.md"), "\nMention the ticket number.\n");
        File.AppendAllText(Path.Combine(root, "skills", "data", "sql-explainer", "SKILL.md"), "\nPrefer EXPLAIN QUERY PLAN.\n");
        var scan = await ScanAsync(api, source.Id);

        var after = (await api.CatalogAsync(source.Id)).ToDictionary(e => e.Name);
        Assert.Equal((15, 0, 2, 13, 1), (scan.Total, scan.Created, scan.Updated, scan.Unchanged, scan.Removed));
        Assert.Equal(CatalogEntryStatus.Removed, after["review-pr"].Status);
        Assert.Equal(CatalogEntryStatus.Excluded, after["test-writer"].Status); // vanished but excluded: untouched
        Assert.Equal(CatalogEntryStatus.Imported, after["commit"].Status); // changed but imported: state kept, sha refreshed
        Assert.NotEqual(entries["commit"].DetectedSha, after["commit"].DetectedSha);
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
        Directory.CreateSymbolicLink(Path.Combine(root, "skills", "linked"), outside);
        File.CreateSymbolicLink(Path.Combine(root, "commands", "passwd.md"), "/etc/passwd");
        try
        {
            var source = await api.RegisterSourceAsync(root);
            await ScanAsync(api, source.Id);

            var names = (await api.CatalogAsync(source.Id)).Select(e => e.Name).ToList();
            Assert.DoesNotContain("stolen", names);
            Assert.DoesNotContain("passwd", names);
            Assert.Equal(17, names.Count);
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
        await ScanAsync(api, source.Id);
        var cache = factory.Services.GetRequiredService<BlobCache>();
        await WaitForStableEntriesAsync(cache); // the scan fills the cache without waiting for it
        var entries = (await api.CatalogAsync(source.Id)).ToDictionary(e => e.Name);
        var changed = Path.Combine(root, entries["squash"].Path);
        File.AppendAllText(changed, "\nKeep the first line under 72 characters.\n");
        var hitsBefore = cache.Stats().Hits;

        await api.ImportAsync(source.Id, [entries["commit"].Id, entries["squash"].Id]);

        foreach (var (key, file) in new[] { ("command:commit", Path.Combine(root, entries["commit"].Path)), ("command:squash", changed) })
        {
            var stored = Assert.Single((await api.ArtifactAsync(key))!.Files);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(file, Ct))), stored.Sha256);
        }

        Assert.Equal(hitsBefore + 1, cache.Stats().Hits); // commit.md came from the cache; squash.md changed, so it missed
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
