using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Catalog.Sources.Confinement;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// Reads an artifact's files from a source, through its <see cref="SourceTree"/> (so never through a link) and within
/// <see cref="SourcesOptions"/>' limits. Runs outside any transaction. An artifact with anything that cannot be
/// read as it is (a link, an unusable name, a file over a limit) is refused whole, with a message naming each.
/// </summary>
public static class ArtifactContentReader
{
    public static async Task<ArtifactContent> ReadAsync(
        SourceTree tree, ArtifactType type, string entryPath, SourceFileCache files, SourcesOptions limits,
            CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(limits);
        if (type == ArtifactType.McpServer)
        {
            return await ReadMcpServerAsync(tree, entryPath, files, limits, cancellationToken);
        }

        var reading = new ArtifactFolderReading(tree, files, limits, entryPath);
        switch (type)
        {
            case ArtifactType.Skill:
                await reading.ReadFolderAsync(recursive: true, cancellationToken);
                break;
            case ArtifactType.Plugin:
                await reading.ReadFolderAsync(recursive: false, cancellationToken);
                var manifest = $"{entryPath}/{SourceLayout.PluginManifestFolder}/{SourceLayout.PluginManifest}";
                if (reading.IsClean && tree.Find(manifest) is { IsUsableFile: true })
                {
                    await reading.ReadFileAsync(manifest, $"{SourceLayout.PluginManifestFolder}/{SourceLayout.PluginManifest}",
                        cancellationToken);
                }

                break;
            default:
                await reading.ReadFileAsync(entryPath, entryPath[(entryPath.LastIndexOf('/') + 1)..], cancellationToken);
                break;
        }

        return reading.Result();
    }

    /// <summary>An MCP entry's path is <c>folder/.mcp.json#server</c>; its content is that server's JSON.</summary>
    private static async Task<ArtifactContent> ReadMcpServerAsync(
        SourceTree tree, string entryPath, SourceFileCache files, SourcesOptions limits, CancellationToken cancellationToken)
    {
        var hash = entryPath.LastIndexOf('#');
        if (hash < 0)
        {
            throw new ArtifactContentException($"'{entryPath}' does not name a server (expected '<file>#<server>').");
        }

        var path = entryPath[..hash];
        var server = entryPath[(hash + 1)..];
        var servers = ParseMcpServers(await ReadBytesAsync(tree, path, files, limits, cancellationToken), path, limits.Json);
        if (!servers.TryGetPropertyValue(server, out var node) || node is null)
        {
            throw new ArtifactContentException($"'{entryPath}': the server '{server}' is no longer in the file.");
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(node, JsonOptions);
        return new ArtifactContent([new ArtifactFileContent("server.json", Sha256(bytes), bytes)]);
    }

    /// <summary>The <c>mcpServers</c> object of a <c>.mcp.json</c> (empty when it has none).</summary>
    internal static JsonObject ParseMcpServers(byte[] json, string path, JsonDocumentLimits limits) =>
        SourceJson.Parse(json, path, limits)?["mcpServers"] as JsonObject ?? [];

    /// <summary>One file's bytes, through the cache, refused over <see cref="SourcesOptions.MaxFileBytes"/>.</summary>
    internal static async Task<byte[]> ReadBytesAsync(SourceTree tree, string path, SourceFileCache files, SourcesOptions limits,
        CancellationToken cancellationToken)
    {
        using var file = tree.OpenFile(path, limits.MaxFileBytes);
        if (file.Length > limits.MaxFileBytes)
        {
            throw new ArtifactContentException($"'{path}' is {file.Length} bytes, over Sources:MaxFileBytes ({limits.MaxFileBytes}).");
        }

        return await files.ReadAllBytesAsync(file, cancellationToken);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    internal static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
