using System.IO.Compression;
using System.Text.Json.Nodes;
using Marketplace.Data.Model;
using Marketplace.Tests.Shared;

namespace Marketplace.Api.Tests;

/// <summary>
/// Plugins that share one folder (the skill-packs sample: every plugin's source is the repository root, each entry lists its
/// own skills and commands, as anthropics/skills does): each plugin is what its entry lists, and imports whole, with the
/// files of its components and its entry as its manifest.
/// </summary>
public sealed class SharedFolderPluginTests : IAsyncLifetime
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

    private async Task<Contracts.SourceResponse> ScannedAsync()
    {
        var repo = GitRepository.Create(Path.Combine(_factory.SourcesFolder, "skill-packs"), Samples.Marketplace("skill-packs"));
        var source = await _api.RegisterGitSourceAsync(repo.Url);
        await _api.ScanAsync(source.Id);
        return await _api.SourceAsync(source.Id);
    }

    [Fact]
    public async Task Scan_PluginsOfTheRootFolder_EachHasWhatItsEntryLists()
    {
        var source = await ScannedAsync();

        var entries = await _api.CatalogAsync(source.Id);

        Assert.Equal([
            "command:data-pack:profile@skill-packs", "plugin:data-pack@skill-packs", "plugin:writing-pack@skill-packs",
            "skill:data-pack:csv-profile@skill-packs", "skill:writing-pack:changelog@skill-packs",
            "skill:writing-pack:release-notes@skill-packs"], entries.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.True(source.ScanWarnings.Count == 0, string.Join("\n", source.ScanWarnings));
        Assert.All(entries, e => Assert.True(e.Problem is null, $"{e.Key}: {e.Problem}"));
    }

    [Fact]
    public async Task ImportAll_PluginsOfTheRootFolder_ComeOutWholeWithTheirOwnComponentsOnly()
    {
        var source = await ScannedAsync();

        var result = await _api.ImportSelectionAsync(source.Id, new { all = true });

        Assert.Equal(("completed", 6, 0), (result.Status, result.Imported, result.Failed));
        var data = (await _api.ArtifactAsync("plugin:data-pack@skill-packs"))!;
        Assert.Equal([".claude-plugin/plugin.json", "commands/profile.md", "skills/csv-profile/SKILL.md", "skills/csv-profile/scripts/profile.py"],
            data.Files.Select(f => f.Path));
        Assert.Equal(["command:data-pack:profile@skill-packs", "skill:data-pack:csv-profile@skill-packs"],
            data.Members.Select(m => m.Key).Order(StringComparer.Ordinal));
        var writing = (await _api.ArtifactAsync("plugin:writing-pack@skill-packs"))!;
        Assert.Equal([".claude-plugin/plugin.json", "skills/changelog/SKILL.md", "skills/release-notes/SKILL.md",
            "skills/release-notes/templates/notes.md"], writing.Files.Select(f => f.Path));

        // The zip installs: its manifest is the plugin's entry, and the paths it names are in the zip.
        using var zip = new ZipArchive(await (await _api.Http.GetAsync(
            $"/api/v1/artifacts/{Uri.EscapeDataString("plugin:data-pack@skill-packs")}/archive", Ct)).Content.ReadAsStreamAsync(Ct));
        await using var manifest = await zip.GetEntry("data-pack/.claude-plugin/plugin.json")!.OpenAsync(Ct);
        var json = (await JsonNode.ParseAsync(manifest, cancellationToken: Ct))!.AsObject();
        Assert.Equal(("data-pack", "0.3.0"), ((string?)json["name"], (string?)json["version"]));
        Assert.False(json.ContainsKey("source"));
        Assert.NotNull(zip.GetEntry("data-pack/skills/csv-profile/scripts/profile.py"));
        Assert.Equal(ScanStatus.Succeeded, source.ScanStatus);
    }
}
