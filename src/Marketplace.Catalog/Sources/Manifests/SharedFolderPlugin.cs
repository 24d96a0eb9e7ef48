using System.Text.Json.Nodes;
using Marketplace.Catalog.Sources.Confinement;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources.Manifests;

/// <summary>
/// The files of a plugin that shares its folder (<c>folder#name</c>: the marketplace root, or a folder several plugins list,
/// as anthropics/skills does with <c>"source": "./"</c> and <c>"strict": false</c>). The folder holds other plugins' components
/// too, so the plugin is not the whole folder: it is the files of its own components, laid out as in the folder, its
/// components' MCP servers as one <c>.mcp.json</c>, and its manifest — the folder's <c>plugin.json</c>, or else its marketplace
/// entry written out as one (without <c>source</c>, which means nothing once installed). Within the per-artifact limits.
/// </summary>
internal static class SharedFolderPlugin
{
    public static async Task<ArtifactContent> ReadAsync(SourceTree tree, string entryPath, SourceFileCache files, SourcesOptions limits,
        CancellationToken ct)
    {
        var (folder, name) = InlineJson.Split(entryPath);
        var scan = new ManifestScan(tree, files, limits, new ScanWarnings());
        var (_, found) = await scan.RunAsync(ct);
        if (!scan.Plugins.TryGetValue(entryPath, out var plugin))
        {
            throw new ArtifactContentException($"'{entryPath}': the manifest no longer lists the plugin '{name}' in this folder.");
        }

        var qualifier = ArtifactIdentity.Qualifier(ArtifactNames.Slug(plugin.Name));
        var result = new Dictionary<string, ArtifactFileContent>(StringComparer.Ordinal);
        var servers = new JsonObject();
        foreach (var component in found.Where(f => f.Plugin == qualifier && f.Type != ArtifactType.Plugin))
        {
            var fromEntry = InlineJson.Split(component.Path).File == MarketplaceManifest.Path; // already in the entry below
            if (component.Type == ArtifactType.McpServer)
            {
                if (!fromEntry)
                {
                    var json = (await ArtifactContentReader.ReadAsync(tree, component.Type, component.Path, files, limits, ct)).Files[0];
                    servers[InlineJson.Last(InlineJson.Split(component.Path).Selector).Last] = JsonNode.Parse(json.Bytes);
                }

                continue;
            }

            var content = await ArtifactContentReader.ReadAsync(tree, component.Type, component.Path, files, limits, ct);
            foreach (var file in content.Files)
            {
                var path = component.Type switch
                {
                    ArtifactType.Hook => file.RelativePath, // already relative to the plugin root
                    ArtifactType.Skill => $"{Relative(folder, component.Path)}/{file.RelativePath}",
                    _ => Relative(folder, component.Path),
                };
                if (!(fromEntry && path == "hooks/hooks.json"))
                {
                    result.TryAdd(path, file with { RelativePath = path });
                }
            }
        }

        Add(result, SourceLayout.McpFile, servers.Count == 0 ? null : new JsonObject { ["mcpServers"] = servers });
        var manifestPath = $"{SourceLayout.PluginManifestFolder}/{SourceLayout.PluginManifest}";
        var own = PluginComponents.Join(folder, manifestPath);
        if (tree.Find(own) is { IsUsableFile: true })
        {
            var bytes = await ArtifactContentReader.ReadBytesAsync(tree, own, files, limits, ct);
            result[manifestPath] = new ArtifactFileContent(manifestPath, ArtifactContentReader.Sha256(bytes), bytes);
        }
        else
        {
            var entry = plugin.Entry.DeepClone().AsObject();
            entry.Remove("source");
            Add(result, manifestPath, entry);
        }

        if (result.Count > limits.MaxFilesPerArtifact)
        {
            throw new ArtifactContentException(
                $"'{entryPath}' has more than Sources:MaxFilesPerArtifact ({limits.MaxFilesPerArtifact}) files.");
        }

        if (result.Values.Sum(f => (long)f.Bytes.Length) > limits.MaxBytesPerArtifact)
        {
            throw new ArtifactContentException(
                $"'{entryPath}' is larger than Sources:MaxBytesPerArtifact ({limits.MaxBytesPerArtifact} bytes).");
        }

        return new ArtifactContent([.. result.Values.OrderBy(f => f.RelativePath, StringComparer.Ordinal)]);
    }

    private static void Add(Dictionary<string, ArtifactFileContent> result, string path, JsonNode? node)
    {
        if (node is not null)
        {
            var bytes = ArtifactContentReader.Json(node);
            result[path] = new ArtifactFileContent(path, ArtifactContentReader.Sha256(bytes), bytes);
        }
    }

    private static string Relative(string folder, string path) => folder.Length == 0 ? path : path[(folder.Length + 1)..];
}
