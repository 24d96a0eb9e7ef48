using System.Text.Json.Nodes;
using Marketplace.Catalog.Sources.Confinement;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources.Manifests;

/// <summary>
/// The manifest is the catalog (DESIGN §5a): each plugin <c>marketplace.json</c> lists, with its components
/// (<see cref="PluginComponents"/>), from its <c>plugin.json</c> and its marketplace entry alike; a listed plugin without
/// <c>plugin.json</c> is still a plugin; one from another repository is listed with its remote source. Nothing the manifest
/// does not list is catalogued (a backup folder beside the plugins stays out). A plugin in a folder it shares (the root, or
/// one several plugins list) is catalogued as <c>folder#name</c> and holds what its entry names
/// (<see cref="SharedFolderPlugin"/>).
/// </summary>
internal sealed class ManifestScan(SourceTree tree, SourceFileCache files, SourcesOptions limits, ScanWarnings warnings)
{
    /// <summary>The plugins by their entry's path, for their manifest metadata.</summary>
    public Dictionary<string, ManifestPlugin> Plugins { get; } = new(StringComparer.Ordinal);

    public async Task<(MarketplaceManifest Manifest, List<FoundArtifact> Found)> RunAsync(CancellationToken ct)
    {
        var bytes = await ArtifactContentReader.ReadBytesAsync(tree, MarketplaceManifest.Path, files, limits, ct);
        var manifest = MarketplaceManifest.Parse(tree, bytes, limits.Json, warnings);
        var found = new List<FoundArtifact>();
        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
        var components = new PluginComponents(tree, limits, warnings);
        var shared = manifest.Plugins.Where(p => p.Folder is not null).GroupBy(p => p.Folder!)
            .Where(g => g.Count() > 1 || g.Key.Length == 0).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var plugin in manifest.Plugins)
        {
            ct.ThrowIfCancellationRequested();
            var qualifier = ArtifactIdentity.Qualifier(ArtifactNames.Slug(plugin.Name));
            if (plugin.RemoteSource is { } remote)
            {
                var path = $"{MarketplaceManifest.Path}#{plugin.Name}";
                Plugins[path] = plugin;
                found.Add(new FoundArtifact(ArtifactType.Plugin, path, plugin.Name));
                continue;
            }

            var folder = plugin.Folder!;
            var entryPath = shared.Contains(folder) ? $"{folder}#{plugin.Name}" : folder;
            Plugins[entryPath] = plugin;
            found.Add(new FoundArtifact(ArtifactType.Plugin, entryPath, plugin.Name));
            var manifestFile = PluginComponents.Join(folder, $"{SourceLayout.PluginManifestFolder}/{SourceLayout.PluginManifest}");
            var spec = await PluginSpecAsync(manifestFile, ct);
            var entrySpec = ComponentSpec.From(plugin.Entry);
            // A folder several plugins share (or the root) is no one plugin's: a plugin there that names its components has
            // those alone, not every skill of the folder's default places.
            var defaults = !shared.Contains(folder) || !(entrySpec.NamesAny || spec is { NamesAny: true });
            var fromFile = spec is null ? [] : components.Find(folder, qualifier, spec, manifestFile, "", defaults);
            var fromEntry = components.Find(folder, qualifier, entrySpec, MarketplaceManifest.Path, plugin.Name + "/", defaults);
            foreach (var component in fromFile.Concat(fromEntry).DistinctBy(c => c.Path))
            {
                if (claimed.TryGetValue(component.Path, out var owner) && owner != qualifier)
                {
                    warnings.Add(component.Path, $"is listed by plugins '{owner}' and '{qualifier}'; catalogued under '{owner}' only");
                    continue;
                }

                claimed[component.Path] = qualifier;
                found.AddRange(component.DefaultName == PluginComponents.AllServers
                    ? await ExpandServersAsync(component, ct) : [component]);
            }
        }

        return (manifest, found);
    }

    /// <summary>The component fields of a plugin's <c>plugin.json</c>; null when it has none (or it cannot be read: a warning).</summary>
    private async Task<ComponentSpec?> PluginSpecAsync(string manifestFile, CancellationToken ct)
    {
        try
        {
            if (tree.Find(manifestFile) is not { IsUsableFile: true })
            {
                return null;
            }

            var bytes = await ArtifactContentReader.ReadBytesAsync(tree, manifestFile, files, limits, ct);
            return SourceJson.Parse(bytes, manifestFile, limits.Json) is JsonObject root ? ComponentSpec.From(root) : null;
        }
        catch (ArtifactContentException e)
        {
            warnings.Add(manifestFile, e.Message);
            return null;
        }
    }

    private async Task<List<FoundArtifact>> ExpandServersAsync(FoundArtifact servers, CancellationToken ct)
    {
        var (file, selector) = InlineJson.Split(servers.Path);
        try
        {
            var root = SourceJson.Parse(await ArtifactContentReader.ReadBytesAsync(tree, file, files, limits, ct), file, limits.Json);
            var list = new List<FoundArtifact>();
            foreach (var (name, _) in InlineJson.Servers(root, selector))
            {
                if (name.Length == 0 || SafeText.HasUnsafe(name) || name.IndexOfAny(['#', '/']) >= 0)
                {
                    warnings.Add(file, $"the server '{SafeText.Escape(name)}' has a name that cannot be a catalog path; skipped");
                    continue;
                }

                list.Add(servers with { Path = $"{file}#{selector}{name}", DefaultName = name });
            }

            return list;
        }
        catch (ArtifactContentException e)
        {
            warnings.Add(file, e.Message);
            return [];
        }
    }
}
