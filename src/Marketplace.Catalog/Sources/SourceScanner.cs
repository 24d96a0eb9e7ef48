using Marketplace.Catalog.Entries;
using Marketplace.Catalog.Sources.Confinement;
using Marketplace.Catalog.Sources.Manifests;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// Turns a checked-out marketplace repository into catalog items. With <c>.claude-plugin/marketplace.json</c> the manifest
/// is the catalog (<see cref="ManifestScan"/>); without one, a folder walk (<see cref="SourceWalk"/>) finds skills (a folder
/// with SKILL.md), commands and agents (Markdown in <c>commands/</c>, <c>agents/</c>), hooks (JSON in <c>hooks/</c>), MCP
/// servers (each of a <c>.mcp.json</c>) and plugins (a folder with a plugin manifest), with confidence scores, narrowed by
/// the source's patterns. Reads through a <see cref="SourceTree"/> only, touches no database; what it skips and why
/// comes back as warnings. An artifact that cannot be read as it is (a link, a limit) is listed with its problem.
/// </summary>
public static class SourceScanner
{
    public static async Task<SourceScan> ScanAsync(SourceTree tree, SourceFileCache sourceFiles, SourcesOptions limits,
        PathPatterns patterns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(patterns);
        var warnings = new ScanWarnings();
        List<FoundArtifact> found;
        Dictionary<string, ManifestPlugin> plugins = [];
        MarketplaceInfo? marketplace = null;
        if (HasManifest(tree, warnings))
        {
            var scan = new ManifestScan(tree, sourceFiles, limits, warnings);
            var (manifest, list) = await scan.RunAsync(cancellationToken);
            (found, plugins) = (list, scan.Plugins);
            marketplace = new MarketplaceInfo(manifest.Name, manifest.Owner, manifest.Description, manifest.Plugins.Count);
        }
        else
        {
            var walk = new SourceWalk(tree, limits, warnings);
            await walk.RunAsync(sourceFiles, cancellationToken);
            found = walk.Found;
        }

        var items = new List<CatalogItem>(found.Count);
        foreach (var artifact in found.Where(f => patterns.Keeps(f.Path)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = await DescribeAsync(tree, artifact, plugins.GetValueOrDefault(artifact.Path), sourceFiles, limits, warnings,
                cancellationToken);
            items.Add(marketplace is null || item.Problem is not null ? item : item with { Confidence = 100 });
        }

        return new SourceScan(marketplace is null ? WithPlugins(items) : items, warnings.List, marketplace);
    }

    private static bool HasManifest(SourceTree tree, ScanWarnings warnings)
    {
        try
        {
            switch (tree.Find(MarketplaceManifest.Path))
            {
                case { IsUsableFile: true }:
                    return true;
                case { } other:
                    warnings.Add(MarketplaceManifest.Path,
                        (other.Problem ?? ArtifactFolderReading.Describe(other.Kind)) + "; the folder is walked");
                    return false;
                default:
                    return false;
            }
        }
        catch (ArtifactContentException e)
        {
            warnings.Add(MarketplaceManifest.Path, e.Message + "; the folder is walked");
            return false;
        }
    }

    private static async Task<CatalogItem> DescribeAsync(SourceTree tree, FoundArtifact found, ManifestPlugin? listed,
        SourceFileCache files, SourcesOptions limits, ScanWarnings warnings, CancellationToken cancellationToken)
    {
        var (type, path) = (found.Type, found.Path);
        if (listed?.RemoteSource is { } remote)
        {
            return Item(found, listed.Name, listed, FrontMatter.Empty, null, 100) with
            {
                RemoteSource = remote, Problem = RemoteSources.ImportProblem(remote),
            };
        }

        try
        {
            var content = await ArtifactContentReader.ReadAsync(tree, type, path, files, limits, cancellationToken);
            var metadata = ArtifactMetadata.From(type, content, limits);
            if (metadata.Problem is { } problem)
            {
                warnings.Add(path, problem);
            }

            var confidence = metadata.Name is null && listed is null ? 80 : 100;
            return Item(found, listed?.Name ?? metadata.Name, listed, metadata, content.Hash, confidence);
        }
        catch (ArtifactContentException e)
        {
            // Listed with low confidence and the reason; importing it reports the same.
            warnings.Add(path, e.Message);
            return Item(found, listed?.Name, listed, FrontMatter.Empty, null, 40) with { Problem = Truncate(e.Message) };
        }
    }

    private static CatalogItem Item(FoundArtifact found, string? name, ManifestPlugin? listed, FrontMatter metadata, string? sha,
        int confidence)
    {
        var written = name ?? found.DefaultName;
        var slug = ArtifactNames.Slug(written, found.DefaultName);
        IReadOnlyList<string> declared = listed is null ? metadata.Tags
            : [.. listed.Tags, .. metadata.Tags, .. listed.Category is { } c ? [c] : Array.Empty<string>()];
        return new CatalogItem(found.Type, slug, found.Path, listed?.Description ?? metadata.Description,
            listed?.Version ?? metadata.Version, listed is null && found.Plugin is null ? Tags(found.Path, declared) : Tags("", declared),
            sha, confidence)
        {
            DisplayName = written == slug ? null : Truncate(SafeText.Clean(written), 300),
            Plugin = found.Plugin,
            Author = listed?.Author ?? metadata.Author,
            Category = listed?.Category,
        };
    }

    /// <summary>A folder walk's plugins own what lies below them: each item gets the nearest plugin above it.</summary>
    private static List<CatalogItem> WithPlugins(List<CatalogItem> items)
    {
        var plugins = items.Where(i => i.Type == ArtifactType.Plugin).OrderByDescending(i => i.Path.Length).ToList();
        return [.. items.Select(i => i.Type == ArtifactType.Plugin ? i
            : plugins.FirstOrDefault(p => SourceLayout.IsBelow(i.Path.Split('#')[0], p.Path)) is { } owner
                ? i with { Plugin = ArtifactIdentity.Qualifier(owner.Name) } : i)];
    }

    private static string Truncate(string text, int max = 1000) => text.Length > max ? text[..max] : text;

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
