using Marketplace.Catalog.Entries;
using Marketplace.Catalog.Sources.Confinement;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// Turns a checked-out marketplace repository into catalog items: skills (a folder with SKILL.md), commands and
/// agents (Markdown files in <c>commands/</c> and <c>agents/</c>), hooks (files in <c>hooks/</c>), MCP servers
/// (each server of a <c>.mcp.json</c>), and plugins (a folder with <c>.claude-plugin/plugin.json</c> or
/// <c>plugin.json</c>; the artifacts below it are its children). Reads through a <see cref="SourceTree"/> only,
/// walks iteratively, touches no database; what it skips and why comes back as warnings.
/// </summary>
public static class SourceScanner
{
    public static async Task<SourceScan> ScanAsync(SourceTree tree, SourceFileCache sourceFiles, SourcesOptions limits,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(limits);
        var walk = new SourceWalk(tree, limits);
        await walk.RunAsync(sourceFiles, cancellationToken);

        var items = new List<CatalogItem>(walk.Found.Count);
        foreach (var (type, path, defaultName) in walk.Found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            items.Add(await DescribeAsync(tree, type, path, defaultName, sourceFiles, limits, walk.Warnings, cancellationToken));
        }

        return new SourceScan(items, walk.Warnings.List);
    }

    private static async Task<CatalogItem> DescribeAsync(SourceTree tree, ArtifactType type, string path, string defaultName,
        SourceFileCache files, SourcesOptions limits, ScanWarnings warnings, CancellationToken cancellationToken)
    {
        try
        {
            var content = await ArtifactContentReader.ReadAsync(tree, type, path, files, limits, cancellationToken);
            var metadata = ArtifactMetadata.From(type, content, limits);
            if (metadata.Problem is { } problem)
            {
                warnings.Add(path, problem);
            }

            return new CatalogItem(type, ArtifactNames.Slug(metadata.Name, defaultName), path, metadata.Description, metadata.Version,
                Tags(path, metadata.Tags), content.Hash, metadata.Name is null ? 80 : 100);
        }
        catch (ArtifactContentException e)
        {
            // Listed with low confidence; importing it reports why its content cannot be read.
            warnings.Add(path, e.Message);
            return new CatalogItem(type, ArtifactNames.Slug(defaultName), path, Tags: Tags(path, []), Confidence: 40);
        }
    }

    /// <summary>Declared tags plus the folders above the artifact, minus folders that only name a type.</summary>
    internal static List<string> Tags(string path, IReadOnlyList<string> declared)
    {
        var above = path.Split('#')[0].Split('/')[..^1];
        return [.. declared.Concat(above.Where(f => !SourceLayout.TypeFolders.Contains(f) && !f.StartsWith('.')))
            .Select(t => t.Trim().ToLowerInvariant())
            .Where(t => t.Length is > 0 and <= 50 && !SafeText.HasUnsafe(t))
            .Distinct()
            .Take(20)];
    }
}
