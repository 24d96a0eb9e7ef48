using System.Net;
using System.Text.Json;
using Marketplace.Data;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests;

/// <summary>
/// Symbolic links in a source, at registration, scan and import: links to files, to folders, to parents and to
/// outside, and folders swapped for links between the steps. Nothing from outside a source's root is ever stored.
/// </summary>
public sealed class SourceConfinementTests(SourceConfinementTests.Host host) : IClassFixture<SourceConfinementTests.Host>, IDisposable
{
    public sealed class Host() : ApiHost(settings: new() { ["Maintenance:Enabled"] = "false" });

    private readonly MarketplaceClient _api = new(host.Factory.CreateClient());
    private readonly string _outside = Directory.CreateTempSubdirectory("outside-source-").FullName;
    private readonly string _marker = "OUTSIDE-" + Guid.NewGuid().ToString("N");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_outside, recursive: true);

    /// <summary>A new source folder under the allowed root, with files given as relative path → content.</summary>
    private string NewSource(params (string Path, string Content)[] files)
    {
        var root = Path.Combine(host.Factory.SourcesFolder, "src-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        foreach (var (path, content) in files)
        {
            Write(root, path, content);
        }

        return root;
    }

    private static void Write(string root, string path, string content)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    /// <summary>A folder outside every allowed root whose files all carry the marker.</summary>
    private string OutsideFolder(string name, params string[] files)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_outside, name)).FullName;
        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(folder, file), file == "plugin.json"
                ? $"{{\"name\":\"stolen-{_marker}\",\"description\":\"{_marker}\"}}"
                : $"---\nname: stolen-{_marker}\ndescription: {_marker}\n---\n{_marker}\n");
        }

        return folder;
    }

    private async Task<JsonElement> ScanAsync(Guid sourceId)
    {
        var scan = await _api.ScanJobAsync(sourceId);
        Assert.True(scan.Status == "completed", $"the scan {scan.Status}: {scan.Error}");
        return JsonSerializer.SerializeToElement(scan.Result, ProblemAssert.JsonOptions);
    }

    private static List<string> Warnings(JsonElement scan) =>
        scan.TryGetProperty("warnings", out var warnings)
            ? [.. warnings.EnumerateArray().Select(w => $"{w.GetProperty("path").GetString()}: {w.GetProperty("message").GetString()}")]
            : [];

    private async Task AssertNothingFromOutsideAsync() => Assert.Empty(await DatabaseDump.WhereAsync(host.Factory, _marker));

    [Fact]
    public async Task Scan_PluginWhoseManifestFolderLinksOutside_ReadsNothingFromIt()
    {
        var root = NewSource(("plugins/evil/commands/run.md", "# run"), ("plugins/good/.claude-plugin/plugin.json", "{\"name\":\"good\"}"));
        Directory.CreateSymbolicLink(Path.Combine(root, "plugins", "evil", ".claude-plugin"), OutsideFolder("manifest", "plugin.json"));
        var source = await _api.RegisterSourceAsync(root);

        var scan = await ScanAsync(source.Id);
        var entries = await _api.CatalogAsync(source.Id);
        var plugins = entries.Where(e => e.ArtifactType == ArtifactType.Plugin).Select(e => e.Name).ToList();
        Assert.Equal(["good"], plugins);
        Assert.Contains(Warnings(scan), w => w.Contains("plugins/evil/.claude-plugin", StringComparison.Ordinal) && w.Contains("link", StringComparison.Ordinal));

        await _api.ImportAsync(source.Id, entries.Select(e => e.Id));
        await AssertNothingFromOutsideAsync();
    }

    [Fact]
    public async Task Import_UploadedSkillWhoseFolderIsALinkOutside_FailsAndStoresNothingFromOutside()
    {
        // The /etc case: a catalog upload names a path that is a link to a folder outside the source.
        var root = NewSource(("README.md", "readme"));
        Directory.CreateSymbolicLink(Path.Combine(root, "etc"), OutsideFolder("etc", "passwd", "shadow", "SKILL.md"));
        var source = await _api.RegisterSourceAsync(root);
        var ids = await _api.UploadAsync(source.Id, [MarketplaceClient.Entry("etc", "etc", type: "skill"), MarketplaceClient.Entry("etc/passwd", "passwd")]);

        var result = await _api.ImportAsync(source.Id, ids);

        Assert.Equal(("failed", 2), (result.Status, result.Failed));
        Assert.All(result.Entries, e => Assert.Contains("'etc' is a symbolic link", e.Error, StringComparison.Ordinal));
        await AssertNothingFromOutsideAsync();
    }

    [Fact]
    public async Task Import_SkillFolderSwappedForALinkAfterScan_FailsNamingItAndStoresNothingFromOutside()
    {
        var root = NewSource(("skills/swap/SKILL.md", "---\nname: swap\n---\nbody"), ("skills/kept/SKILL.md", "---\nname: kept\n---\nbody"));
        var source = await _api.RegisterSourceAsync(root);
        await ScanAsync(source.Id);
        var entries = await _api.CatalogAsync(source.Id);
        Directory.Delete(Path.Combine(root, "skills", "swap"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(root, "skills", "swap"), OutsideFolder("swap", "SKILL.md", "secret.txt"));

        var result = await _api.ImportAsync(source.Id, entries.Select(e => e.Id));

        Assert.Equal(("partial", 1, 1), (result.Status, result.Imported, result.Failed));
        var failed = Assert.Single(result.Entries, e => e.Outcome == ImportOutcome.Failed);
        Assert.Contains("'skills/swap' is a symbolic link", failed.Error, StringComparison.Ordinal);
        await AssertNothingFromOutsideAsync();
    }

    [Fact]
    public async Task Scan_LinksInsideASkill_AreRefusedByNameAndNeverFollowed()
    {
        var root = NewSource(("skills/linky/SKILL.md", "---\nname: linky\n---\nbody"), ("skills/other/SKILL.md", "---\nname: other\n---\nbody"));
        var skill = Path.Combine(root, "skills", "linky");
        File.CreateSymbolicLink(Path.Combine(skill, "inside.md"), Path.Combine(root, "skills", "other", "SKILL.md")); // a file inside the root
        Directory.CreateSymbolicLink(Path.Combine(skill, "shared"), Path.Combine(root, "skills", "other")); // a folder inside the root
        Directory.CreateSymbolicLink(Path.Combine(skill, "up"), ".."); // a parent: a loop
        File.CreateSymbolicLink(Path.Combine(skill, "passwd"), Path.Combine(OutsideFolder("files", "passwd"), "passwd")); // outside
        var source = await _api.RegisterSourceAsync(root);

        var scan = await ScanAsync(source.Id);
        var entries = (await _api.CatalogAsync(source.Id)).ToDictionary(e => e.Path);

        Assert.Equal(40, entries["skills/linky"].Confidence); // listed, but its content cannot be read as it is
        Assert.Equal(100, entries["skills/other"].Confidence);
        var warnings = string.Join('\n', Warnings(scan));
        foreach (var link in new[] { "inside.md", "shared", "up", "passwd" })
        {
            Assert.Contains($"skills/linky/{link}", warnings, StringComparison.Ordinal);
        }

        var result = await _api.ImportAsync(source.Id, [entries["skills/linky"].Id, entries["skills/other"].Id]);
        var failed = Assert.Single(result.Entries, e => e.Outcome == ImportOutcome.Failed);
        Assert.Equal(entries["skills/linky"].Id, failed.EntryId);
        Assert.Contains("is a symbolic link", failed.Error, StringComparison.Ordinal);
        await AssertNothingFromOutsideAsync();
    }

    [Fact]
    public async Task Import_SourceFolderSwappedForALinkAfterRegistration_Returns400AndWritesNothing()
    {
        var root = NewSource(("commands/hello.md", "# hello"));
        var source = await _api.RegisterSourceAsync(root);
        await ScanAsync(source.Id);
        var ids = (await _api.CatalogAsync(source.Id)).Select(e => e.Id).ToList();
        Directory.Delete(root, recursive: true);
        var outside = OutsideFolder("root", "hello.md");
        Directory.CreateDirectory(Path.Combine(outside, "commands"));
        File.Move(Path.Combine(outside, "hello.md"), Path.Combine(outside, "commands", "hello.md"));
        Directory.CreateSymbolicLink(root, outside);
        var before = await DatabaseDump.CountRowsAsync(host.Factory);

        var problem = await ProblemAssert.IsProblemAsync(await _api.PostImportAsync(source.Id, new { entryIds = ids, conflictStrategy = "skip" }), HttpStatusCode.BadRequest);

        Assert.Contains("localPath", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseDump.CountRowsAsync(host.Factory));
        await using var db = await host.Factory.Services.GetRequiredService<IDbContextFactory<MarketplaceDbContext>>().CreateDbContextAsync(Ct);
        Assert.False(await db.ImportJobs.AnyAsync(j => j.SourceId == source.Id, Ct));
        await ProblemAssert.IsProblemAsync(await _api.Http.PostAsync($"/api/v1/marketplace/sources/{source.Id}/scan", null, Ct), HttpStatusCode.BadRequest);
        await AssertNothingFromOutsideAsync();
    }

    [Fact]
    public async Task Scan_NamesWithControlCharactersOrBidiOverrides_AreMappedToSafeKeys()
    {
        var root = NewSource(
            ("skills/nul/SKILL.md", "---\nname: \"\\u202e\\u0000nul\"\ndescription: \"bad\\u0000text\"\n---\nbody"),
            ("skills/dots/SKILL.md", "---\nname: \"..\\u0000\"\n---\nbody"),
            ("commands/ok.md", "---\nname: \"CI/CD pipelines\"\n---\nbody"));
        var source = await _api.RegisterSourceAsync(root);

        await ScanAsync(source.Id);
        var entries = (await _api.CatalogAsync(source.Id)).ToDictionary(e => e.Path);

        Assert.Equal("nul", entries["skills/nul"].Name);
        Assert.Equal("dots", entries["skills/dots"].Name); // nothing usable left: the folder's name
        Assert.Equal("CI-CD pipelines", entries["commands/ok.md"].Name);
        var result = await _api.ImportAsync(source.Id, entries.Values.Select(e => e.Id));
        Assert.Equal(("completed", 3), (result.Status, result.Imported));
        Assert.Equal("badtext", (await _api.ArtifactAsync("skill:nul@tests"))!.Description);
        Assert.All(result.Entries, e => Assert.DoesNotContain(e.ArtifactKey!, c => char.IsControl(c) || c is '\u202e'));
    }

    [Fact]
    public async Task Scan_FileNamesWithControlCharactersOrInvalidUtf8_AreRefusedByName()
    {
        var root = NewSource(("skills/esc/SKILL.md", "---\nname: esc\n---\nbody"), ("skills/raw/SKILL.md", "---\nname: raw\n---\nbody"));
        Write(root, "skills/esc/bad\u001b[31m.md", "escape");
        Write(root, "skills/esc/new\nline.md", "newline");
        Write(root, "commands/\u202egnp.md", "bidi");
        // A name that is not UTF-8 cannot be written (nor removed) from .NET; the shell does both.
        await ShellAsync("touch \"$1\"/$'\\xff\\xfe.md'", Path.Combine(root, "skills", "raw"));
        try
        {
            await AssertRefusedByNameAsync(root);
        }
        finally
        {
            await ShellAsync("rm -rf \"$1\"", root);
        }
    }

    private static async Task ShellAsync(string script, string argument)
    {
        using var shell = System.Diagnostics.Process.Start("bash", ["-c", script, "_", argument]);
        await shell.WaitForExitAsync(Ct);
        Assert.Equal(0, shell.ExitCode);
    }

    private async Task AssertRefusedByNameAsync(string root)
    {
        var source = await _api.RegisterSourceAsync(root);

        var scan = await ScanAsync(source.Id);
        var entries = (await _api.CatalogAsync(source.Id)).ToDictionary(e => e.Path);
        var warnings = string.Join('\n', Warnings(scan));

        Assert.DoesNotContain(entries.Keys, p => p.StartsWith("commands/", StringComparison.Ordinal));
        Assert.Contains("skills/esc/bad\\u001B[31m.md", warnings, StringComparison.Ordinal);
        Assert.Contains("skills/esc/new\\u000Aline.md", warnings, StringComparison.Ordinal);
        Assert.Contains("commands/\\u202Egnp.md", warnings, StringComparison.Ordinal);
        Assert.Contains("skills/raw/\\xFF\\xFE.md", warnings, StringComparison.Ordinal);
        var result = await _api.ImportAsync(source.Id, entries.Values.Select(e => e.Id));
        Assert.All(result.Entries, e => Assert.Equal(ImportOutcome.Failed, e.Outcome));
        Assert.Contains(result.Entries, e => e.Error!.Contains("skills/raw/\\xFF\\xFE.md", StringComparison.Ordinal) && e.Error.Contains("UTF-8", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Entries, e => e.Error!.Contains("does not exist", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"name\":\"\\ud800\"}", "not valid Unicode")]
    [InlineData("{\"name\":\"a\",\"name\":\"b\"}", "Duplicate")]
    [InlineData("{\"a\":" + "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]" + "}",
        "Sources:Json:MaxDepth (64)")]
    public async Task Scan_PluginManifestThatCannotBeRead_IsAWarningNamingWhy(string manifest, string reason)
    {
        // Before: a lone surrogate escape or a duplicated property answered the scan with 500.
        var source = await _api.RegisterSourceAsync(NewSource(("plugins/p/.claude-plugin/plugin.json", manifest), ("plugins/p/commands/c.md", "# c")));

        var scan = await ScanAsync(source.Id);

        var plugin = (await _api.CatalogAsync(source.Id)).Single(e => e.ArtifactType == ArtifactType.Plugin);
        Assert.Equal(("p", 80), (plugin.Name, plugin.Confidence)); // listed, without the manifest's metadata
        Assert.Contains(Warnings(scan), w => w.StartsWith("plugins/p", StringComparison.Ordinal) && w.Contains(reason, StringComparison.Ordinal));
    }
}
