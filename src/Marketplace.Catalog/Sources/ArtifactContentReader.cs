using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// Reads an artifact's files from a checked-out source. Runs outside any transaction; never follows links
/// and never returns a path that leaves the artifact.
/// </summary>
public static class ArtifactContentReader
{
    public static async Task<ArtifactContent> ReadAsync(string sourceRoot, ArtifactType type, string entryPath, SourceFileCache files, CancellationToken cancellationToken)
    {
        if (type == ArtifactType.McpServer)
        {
            return await ReadMcpServerAsync(sourceRoot, entryPath, files, cancellationToken);
        }

        var full = ResolveInside(sourceRoot, entryPath);
        var found = new List<ArtifactFileContent>();
        switch (type)
        {
            case ArtifactType.Skill:
                await ReadFolderAsync(full, full, recursive: true, found, files, cancellationToken);
                break;
            case ArtifactType.Plugin:
                await ReadFolderAsync(full, full, recursive: false, found, files, cancellationToken);
                var manifest = Path.Combine(full, SourceLayout.PluginManifestFolder, SourceLayout.PluginManifest);
                if (File.Exists(manifest))
                {
                    found.Add(await ReadFileAsync(full, manifest, files, cancellationToken));
                }

                break;
            default:
                found.Add(await ReadFileAsync(Path.GetDirectoryName(full)!, full, files, cancellationToken));
                break;
        }

        return found.Count == 0 ? throw new ArtifactContentException($"'{entryPath}' has no files.") : new ArtifactContent(found);
    }

    /// <summary>An MCP entry's path is <c>folder/.mcp.json#server</c>; its content is that server's JSON.</summary>
    private static async Task<ArtifactContent> ReadMcpServerAsync(string sourceRoot, string entryPath, SourceFileCache files, CancellationToken cancellationToken)
    {
        var hash = entryPath.LastIndexOf('#');
        if (hash < 0)
        {
            throw new ArtifactContentException($"'{entryPath}' does not name a server (expected '<file>#<server>').");
        }

        var file = ResolveInside(sourceRoot, entryPath[..hash]);
        var server = entryPath[(hash + 1)..];
        var content = await ReadFileAsync(Path.GetDirectoryName(file)!, file, files, cancellationToken);
        var servers = ParseMcpServers(content.Bytes, entryPath);
        if (!servers.TryGetPropertyValue(server, out var node) || node is null)
        {
            throw new ArtifactContentException($"'{entryPath}': the server '{server}' is no longer in the file.");
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(node, JsonOptions);
        return new ArtifactContent([new ArtifactFileContent("server.json", Sha256(bytes), bytes)]);
    }

    internal static JsonObject ParseMcpServers(byte[] json, string path)
    {
        try
        {
            return JsonNode.Parse(json)?["mcpServers"] as JsonObject ?? [];
        }
        catch (JsonException e)
        {
            throw new ArtifactContentException($"'{path}' is not valid JSON: {e.Message}", e);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static async Task ReadFolderAsync(string artifactRoot, string folder, bool recursive, List<ArtifactFileContent> found, SourceFileCache files, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new ArtifactContentException($"The folder '{Path.GetFileName(folder)}' no longer exists.");
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SourceLayout.Enumeration).Order(StringComparer.Ordinal))
        {
            found.Add(await ReadFileAsync(artifactRoot, file, files, cancellationToken));
            if (found.Count > SourceLayout.MaxFilesPerArtifact)
            {
                throw new ArtifactContentException($"An artifact may have at most {SourceLayout.MaxFilesPerArtifact} files.");
            }
        }

        if (recursive)
        {
            foreach (var sub in Directory.EnumerateDirectories(folder, "*", SourceLayout.Enumeration).Order(StringComparer.Ordinal))
            {
                if (!Path.GetFileName(sub).StartsWith('.'))
                {
                    await ReadFolderAsync(artifactRoot, sub, recursive, found, files, cancellationToken);
                }
            }
        }
    }

    private static async Task<ArtifactFileContent> ReadFileAsync(string artifactRoot, string file, SourceFileCache files, CancellationToken cancellationToken)
    {
        var info = new FileInfo(file);
        if (!info.Exists || info.LinkTarget is not null)
        {
            throw new ArtifactContentException($"'{info.Name}' does not exist or is a link.");
        }

        if (info.Length > SourceLayout.MaxFileBytes)
        {
            throw new ArtifactContentException($"'{info.Name}' is {info.Length} bytes; files over {SourceLayout.MaxFileBytes} bytes are not imported.");
        }

        var relative = Path.GetRelativePath(artifactRoot, info.FullName).Replace(Path.DirectorySeparatorChar, '/');
        if (relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new ArtifactContentException($"'{relative}' lies outside its artifact.");
        }

        var bytes = await files.ReadAllBytesAsync(info, cancellationToken);
        return new ArtifactFileContent(relative, Sha256(bytes), bytes);
    }

    /// <summary>Joins a '/'-separated entry path to the source root and refuses anything that escapes it.</summary>
    internal static string ResolveInside(string sourceRoot, string entryPath)
    {
        var full = Path.GetFullPath(Path.Combine(sourceRoot, entryPath.Replace('/', Path.DirectorySeparatorChar)));
        if (!LocalSourcePaths.IsSameOrUnder(full, sourceRoot) || full.Length == Path.TrimEndingDirectorySeparator(sourceRoot).Length)
        {
            throw new ArtifactContentException($"'{entryPath}' lies outside its source.");
        }

        // A link anywhere between the root and the file could lead out of the source.
        if (LocalSourcePaths.RealPath(Path.GetDirectoryName(full)!) is var realParent && !LocalSourcePaths.IsSameOrUnder(realParent, sourceRoot))
        {
            throw new ArtifactContentException($"'{entryPath}' lies outside its source.");
        }

        return full;
    }

    internal static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
