using System.Diagnostics;
using System.Text;
using Marketplace.Catalog.Importing;
using Marketplace.Catalog.Sources;
using Marketplace.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Bench;

/// <summary>
/// A generated marketplace in a real git repository (500 plugins of 10 components each: 4 commands, 2 agents, 2 skills,
/// a hooks file with its script, an MCP server; 5 500 entries, 7 000 files), registered by its <c>file://</c> URL: the first
/// fetch and scan, a rescan with nothing changed, a rescan after 1 % of the components changed in a new commit, and the
/// import of everything (a selection, batch 10), beside the bulk scenario's service figure measured in the same run.
/// </summary>
internal static class MarketplaceScenario
{
    private const int ComponentsPerPlugin = 10;

    public static async Task<Report> RunAsync(int runs, bool smoke)
    {
        var plugins = smoke ? 10 : 500;
        var entries = plugins * (ComponentsPerPlugin + 1);
        var report = new Report($"marketplace ({plugins} plugins, {entries} entries in a git repository: fetch + scan, rescans, import all)");
        await RunOnceAsync(Math.Min(plugins, 10)); // warm-up
        for (var run = 1; run <= runs; run++)
        {
            var row = await RunOnceAsync(plugins);
            row["bulkServiceRowsPerSec"] = await BulkScenario.ServiceRowsPerSecAsync(smoke ? 200 : 10_000);
            row["importRatio"] = (double)row["importRowsPerSec"] / (double)row["bulkServiceRowsPerSec"];
            row["run"] = run;
            report.Rows.Add(row);
        }

        foreach (var figure in new[] { "firstScanMs", "unchangedRescanMs", "changedRescanMs", "importRowsPerSec", "importRatio" })
        {
            report.Summary[$"median {figure}"] = Stats.Median([.. report.Rows.Select(r => (double)r[figure])]);
        }

        report.Summary["targets"] = "unchanged rescan <= 1000 ms; import rows/s >= 0.5 x the bulk service figure of the same run";
        return report;
    }

    private static async Task<Dictionary<string, object>> RunOnceAsync(int plugins)
    {
        await using var host = new BenchHost();
        using var client = host.StartClient();
        var repo = Generate(Path.Combine(host.SourcesFolder, "generated"), plugins);
        var source = await host.Services.GetRequiredService<SourceService>().RegisterAsync(
            new SourceRegistration(repo.Url, "generated", null, null, null), CancellationToken.None);
        var scans = host.Services.GetRequiredService<SourceScanService>();

        var (first, firstMs) = await TimeAsync(() => scans.ScanAsync(source.Id, CancellationToken.None));
        var (unchanged, unchangedMs) = await TimeAsync(() => scans.ScanAsync(source.Id, CancellationToken.None));
        var changedCount = Math.Max(1, plugins * ComponentsPerPlugin / 100);
        for (var i = 0; i < changedCount; i++)
        {
            repo.WriteFile($"plugins/p{i % plugins:D3}/commands/c{i / plugins % 4}.md", $"---\ndescription: Changed {i}.\n---\nChanged.\n");
        }

        repo.CommitAll("1 % changed");
        var (changed, changedMs) = await TimeAsync(() => scans.ScanAsync(source.Id, CancellationToken.None));
        var imports = host.Services.GetRequiredService<ImportService>();
        var request = new ImportRequest(null, "skip", 10, new ImportSelection(All: true));
        // An import is a job run by the host's runner: timed from its creation until it has finished.
        var (import, importMs) = await TimeAsync(async () => await imports.WaitAsync(
            (await imports.StartAsync(source.Id, request, CancellationToken.None)).Id, Timeout.InfiniteTimeSpan, CancellationToken.None));
        if (first.Created != plugins * (ComponentsPerPlugin + 1) || unchanged.Unchanged != first.Created || import.Failed != 0)
        {
            throw new InvalidOperationException($"marketplace: scanned {first.Created}, unchanged {unchanged.Unchanged}, import failed {import.Failed}");
        }

        return new Dictionary<string, object>
        {
            ["entries"] = first.Created,
            ["firstScanMs"] = firstMs,
            ["unchangedRescanMs"] = unchangedMs,
            ["changedRescanMs"] = changedMs,
            ["changedUpdated"] = changed.Updated,
            ["imported"] = import.Imported,
            ["importMs"] = importMs,
            ["importRowsPerSec"] = import.Imported / (importMs / 1000),
            ["importLockHoldMs"] = import.Batches.Sum(b => b.LockHoldMs),
        };
    }

    private static async Task<(T Result, double Ms)> TimeAsync<T>(Func<Task<T>> work)
    {
        var clock = Stopwatch.StartNew();
        var result = await work();
        return (result, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>The marketplace's files, committed: every plugin with a plugin.json and its ten components.</summary>
    private static GitRepository Generate(string folder, int plugins)
    {
        var manifest = new StringBuilder("{\"name\":\"generated\",\"owner\":{\"name\":\"Bench\"},\"metadata\":{\"pluginRoot\":\"./plugins\"},\"plugins\":[");
        for (var p = 0; p < plugins; p++)
        {
            var root = Path.Combine(folder, "plugins", $"p{p:D3}");
            manifest.Append(p == 0 ? "" : ",").Append($"{{\"name\":\"p{p:D3}\",\"source\":\"p{p:D3}\",\"description\":\"Plugin {p}.\"}}");
            Write(root, ".claude-plugin/plugin.json", $"{{\"name\":\"p{p:D3}\",\"version\":\"1.0.{p}\",\"author\":{{\"name\":\"Bench\"}}}}");
            for (var c = 0; c < 4; c++)
            {
                Write(root, $"commands/c{c}.md", $"---\ndescription: Command {c} of plugin {p}.\n---\nDo step {c}.\n");
            }

            for (var a = 0; a < 2; a++)
            {
                Write(root, $"agents/a{a}.md", $"---\nname: a{a}\ndescription: Agent {a} of plugin {p}.\n---\nYou help with {a}.\n");
                Write(root, $"skills/s{a}/SKILL.md", $"---\nname: s{a}\ndescription: Skill {a} of plugin {p}.\n---\nSee notes.md.\n");
                Write(root, $"skills/s{a}/notes.md", $"Notes {a} of plugin {p}.\n");
            }

            Write(root, "hooks/hooks.json", "{\"hooks\":{\"PostToolUse\":[{\"matcher\":\"Write\",\"hooks\":[{\"type\":\"command\","
                + "\"command\":\"${CLAUDE_PLUGIN_ROOT}/scripts/check.sh\"}]}]}}");
            Write(root, "scripts/check.sh", $"#!/bin/sh\necho plugin {p}\n");
            Write(root, ".mcp.json", $"{{\"mcpServers\":{{\"m{p}\":{{\"command\":\"npx\",\"args\":[\"server-{p}\"]}}}}}}");
        }

        Write(folder, ".claude-plugin/marketplace.json", manifest.Append("]}").ToString());
        return GitRepository.Create(folder);
    }

    private static void Write(string root, string path, string content)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }
}
