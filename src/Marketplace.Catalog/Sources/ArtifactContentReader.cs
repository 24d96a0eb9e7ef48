using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Catalog.Sources.Confinement;
using Marketplace.Catalog.Sources.Manifests;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// Reads an artifact's files from a source, through its <see cref="SourceTree"/> (so never through a link) and within
/// <see cref="SourcesOptions"/>' limits. Runs outside any transaction. An artifact with anything that cannot be
/// read as it is (a link, an unusable name, a file over a limit) is refused whole, with a message naming each. A plugin
/// is every file under its folder; a skill its folder; a hook its configuration and the scripts it runs
/// (<see cref="HookFiles"/>); an MCP server its JSON.
/// </summary>
public static class ArtifactContentReader
{
    public static async Task<ArtifactContent> ReadAsync(
        SourceTree tree, ArtifactType type, string entryPath, SourceFileCache files, SourcesOptions limits,
            CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(limits);
        switch (type)
        {
            case ArtifactType.McpServer:
                return await ReadMcpServerAsync(tree, entryPath, files, limits, cancellationToken);
            case ArtifactType.Hook:
                return await HookFiles.ReadAsync(tree, entryPath, files, limits, cancellationToken);
            case ArtifactType.Plugin when entryPath.StartsWith(MarketplaceManifest.Path + "#", StringComparison.Ordinal):
                throw new ArtifactContentException($"'{entryPath}' lives in another repository; it has no files here.");
            case ArtifactType.Plugin when entryPath.Contains('#', StringComparison.Ordinal): // a plugin sharing its folder
                return await SharedFolderPlugin.ReadAsync(tree, entryPath, files, limits, cancellationToken);
        }

        var folder = entryPath;
        var reading = new ArtifactFolderReading(tree, files, limits, entryPath);
        switch (type)
        {
            case ArtifactType.Skill:
                await reading.ReadFolderAsync(recursive: true, cancellationToken);
                break;
            case ArtifactType.Plugin:
                if (folder.Length > 0 && tree.Find(folder) is not { IsUsableFolder: true })
                {
                    throw new ArtifactContentException($"'{folder}' does not exist or is not a folder.");
                }

                await reading.ReadFolderAsync(recursive: true, cancellationToken, hidden: true);
                break;
            default:
                await reading.ReadFileAsync(entryPath, entryPath[(entryPath.LastIndexOf('/') + 1)..], cancellationToken);
                break;
        }

        return reading.Result();
    }

    /// <summary>
    /// An MCP entry's path is <c>file#server</c> (a <c>.mcp.json</c> or a <c>plugin.json</c>), or
    /// <c>marketplace.json#plugin/server</c> for a marketplace entry's inline servers; its content is that server's JSON.
    /// </summary>
    private static async Task<ArtifactContent> ReadMcpServerAsync(
        SourceTree tree, string entryPath, SourceFileCache files, SourcesOptions limits, CancellationToken cancellationToken)
    {
        var (path, selector) = InlineJson.Split(entryPath);
        if (selector.Length == 0)
        {
            throw new ArtifactContentException($"'{entryPath}' does not name a server (expected '<file>#<server>').");
        }

        var (prefix, server) = InlineJson.Last(selector);
        var root = SourceJson.Parse(await ReadBytesAsync(tree, path, files, limits, cancellationToken), path, limits.Json);
        if (!InlineJson.Servers(root, prefix).TryGetPropertyValue(server, out var node) || node is null)
        {
            throw new ArtifactContentException($"'{entryPath}': the server '{server}' is no longer in the file.");
        }

        var bytes = Json(node);
        return new ArtifactContent([new ArtifactFileContent("server.json", Sha256(bytes), bytes)]);
    }

    /// <summary>One file's bytes, through the cache, refused over <see cref="SourcesOptions.MaxFileBytes"/>.</summary>
    internal static async Task<byte[]> ReadBytesAsync(SourceTree tree, string path, SourceFileCache files, SourcesOptions limits,
        CancellationToken cancellationToken)
    {
        using var file = tree.OpenFile(path, limits.MaxFileBytes);
        if (file.Length > limits.MaxFileBytes)
        {
            throw new ArtifactContentException($"'{path}' is {file.Length} bytes, over Sources:MaxFileBytes ({limits.MaxFileBytes}).");
        }

        return tree.Immutable ? await file.ReadAllBytesAsync(cancellationToken)
            : await files.ReadAllBytesAsync(file, cancellationToken);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    internal static byte[] Json(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, JsonOptions);

    internal static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
