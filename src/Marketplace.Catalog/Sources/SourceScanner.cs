using Marketplace.Catalog.Entries;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// Turns a checked-out marketplace repository into catalog items: skills (a folder with SKILL.md), commands and
/// agents (Markdown files in <c>commands/</c> and <c>agents/</c>), hooks (files in <c>hooks/</c>), MCP servers
/// (each server of a <c>.mcp.json</c>), and plugins (a folder with <c>.claude-plugin/plugin.json</c> or
/// <c>plugin.json</c>; the artifacts below it are its children). Reads files only; touches no database.
/// </summary>
public static class SourceScanner
{
    public static async Task<IReadOnlyList<CatalogItem>> ScanAsync(string root, SourceFileCache sourceFiles, CancellationToken cancellationToken)
    {
        var found = new List<(ArtifactType Type, string Path, string DefaultName)>();
        var files = 0;
        Walk(root, "", found, ref files);

        var items = new List<CatalogItem>(found.Count);
        foreach (var (type, path, defaultName) in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            items.Add(await DescribeAsync(root, type, path, defaultName, sourceFiles, cancellationToken));
        }

        return items;
    }

    private static void Walk(string folder, string relative, List<(ArtifactType, string, string)> found, ref int files)
    {
        var names = Directory.EnumerateFiles(folder, "*", SourceLayout.Enumeration).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        files += names.Count;
        if (files > SourceLayout.MaxFilesPerScan)
        {
            throw new ArtifactContentException($"The source has more than {SourceLayout.MaxFilesPerScan} files; scan a smaller repository.");
        }

        var folderName = Path.GetFileName(relative);
        if (relative.Length > 0 && names.Contains(SourceLayout.SkillFile))
        {
            found.Add((ArtifactType.Skill, relative, folderName));
            return; // a skill's folder is its content, not a place to look for more artifacts
        }

        if (relative.Length > 0 && (names.Contains(SourceLayout.PluginManifest) || File.Exists(Path.Combine(folder, SourceLayout.PluginManifestFolder, SourceLayout.PluginManifest))))
        {
            found.Add((ArtifactType.Plugin, relative, folderName));
        }

        foreach (var name in names)
        {
            var path = relative.Length == 0 ? name : $"{relative}/{name}";
            var extension = Path.GetExtension(name);
            var stem = Path.GetFileNameWithoutExtension(name);
            if (name == SourceLayout.McpFile)
            {
                foreach (var server in McpServerNames(Path.Combine(folder, name), path))
                {
                    found.Add((ArtifactType.McpServer, $"{path}#{server}", server));
                }
            }
            else if (extension == ".md" && folderName.Equals("commands", StringComparison.OrdinalIgnoreCase))
            {
                found.Add((ArtifactType.Command, path, stem));
            }
            else if (extension == ".md" && folderName.Equals("agents", StringComparison.OrdinalIgnoreCase))
            {
                found.Add((ArtifactType.Agent, path, stem));
            }
            else if (folderName.Equals("hooks", StringComparison.OrdinalIgnoreCase) && SourceLayout.HookExtensions.Contains(extension))
            {
                found.Add((ArtifactType.Hook, path, stem));
            }
        }

        foreach (var sub in Directory.EnumerateDirectories(folder, "*", SourceLayout.Enumeration).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(sub);
            if (!name.StartsWith('.'))
            {
                Walk(sub, relative.Length == 0 ? name : $"{relative}/{name}", found, ref files);
            }
        }
    }

    private static IEnumerable<string> McpServerNames(string file, string path)
    {
        var info = new FileInfo(file);
        if (info.Length > SourceLayout.MaxFileBytes)
        {
            return [];
        }

        try
        {
            return [.. ArtifactContentReader.ParseMcpServers(File.ReadAllBytes(file), path).Select(p => p.Key)];
        }
        catch (ArtifactContentException)
        {
            return []; // an unreadable .mcp.json publishes nothing
        }
    }

    private static async Task<CatalogItem> DescribeAsync(string root, ArtifactType type, string path, string defaultName, SourceFileCache files, CancellationToken cancellationToken)
    {
        try
        {
            var content = await ArtifactContentReader.ReadAsync(root, type, path, files, cancellationToken);
            var metadata = ArtifactMetadata.From(type, content);
            return new CatalogItem(type, metadata.Name ?? defaultName, path, metadata.Description, metadata.Version,
                Tags(path, metadata.Tags), content.Hash, metadata.Name is null ? 80 : 100);
        }
        catch (ArtifactContentException)
        {
            // Listed with low confidence; importing it reports why its content cannot be read.
            return new CatalogItem(type, defaultName, path, Tags: Tags(path, []), Confidence: 40);
        }
    }

    /// <summary>Declared tags plus the folders above the artifact, minus folders that only name a type.</summary>
    internal static List<string> Tags(string path, IReadOnlyList<string> declared)
    {
        var above = path.Split('#')[0].Split('/')[..^1];
        return [.. declared.Concat(above.Where(f => !SourceLayout.TypeFolders.Contains(f) && !f.StartsWith('.')))
            .Select(t => t.Trim().ToLowerInvariant())
            .Where(t => t.Length is > 0 and <= 50)
            .Distinct()
            .Take(20)];
    }
}
