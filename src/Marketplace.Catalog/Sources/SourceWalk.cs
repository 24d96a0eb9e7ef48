using Marketplace.Catalog.Sources.Confinement;
using Marketplace.Catalog.Sources.Manifests;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// The folder walk of a scan: depth-first in name order, with an explicit stack (no recursion however deep the
/// source), bounded by <see cref="SourcesOptions.MaxFolderDepth"/> and <see cref="SourcesOptions.MaxFilesPerScan"/>.
/// Hidden folders are not entered; links, unusable names and other kinds of entries are skipped with a warning. Used when
/// a source has no marketplace manifest. A hook is its JSON configuration in a <c>hooks/</c> folder; scripts are not hooks.
/// </summary>
internal sealed class SourceWalk(SourceTree tree, SourcesOptions limits, ScanWarnings warnings)
{
    private int _files;

    public List<FoundArtifact> Found { get; } = [];

    private ScanWarnings Warnings => warnings;

    public async Task RunAsync(SourceFileCache files, CancellationToken cancellationToken)
    {
        var folders = new Stack<(string Path, int Depth)>();
        folders.Push(("", 0));
        while (folders.TryPop(out var folder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<SourceEntry> entries;
            try
            {
                entries = tree.List(folder.Path);
            }
            catch (ArtifactContentException e)
            {
                Warnings.Add(folder.Path, e.Message); // swapped for a link or removed since its parent was listed
                continue;
            }

            if (await VisitAsync(folder.Path, entries, files, cancellationToken))
            {
                foreach (var sub in entries.Where(e => e.IsUsableFolder && !e.Name.StartsWith('.')).Reverse())
                {
                    var path = Join(folder.Path, sub.Name);
                    if (folder.Depth + 1 > limits.MaxFolderDepth)
                    {
                        Warnings.Add(path, $"is nested deeper than Sources:MaxFolderDepth ({limits.MaxFolderDepth}); not scanned");
                    }
                    else
                    {
                        folders.Push((path, folder.Depth + 1));
                    }
                }
            }
        }
    }

    /// <returns>Whether to look for more artifacts below this folder (not inside a skill).</returns>
    private async Task<bool> VisitAsync(string relative, IReadOnlyList<SourceEntry> entries, SourceFileCache files,
        CancellationToken cancellationToken)
    {
        foreach (var entry in entries.Where(e => !e.IsUsableFile && !e.IsUsableFolder))
        {
            Warnings.Add(Join(relative, entry.Name), entry.Problem ?? ArtifactFolderReading.Describe(entry.Kind));
        }

        var names = entries.Where(e => e.IsUsableFile).Select(e => e.Name).ToList();
        _files += names.Count;
        if (_files > limits.MaxFilesPerScan)
        {
            throw new ArtifactContentException(
                $"The source has more than Sources:MaxFilesPerScan ({limits.MaxFilesPerScan}) files; scan a smaller repository.");
        }

        var folderName = relative[(relative.LastIndexOf('/') + 1)..];
        if (relative.Length > 0 && names.Contains(SourceLayout.SkillFile))
        {
            Found.Add(new FoundArtifact(ArtifactType.Skill, relative, folderName));
            return false; // a skill's folder is its content, not a place to look for more artifacts
        }

        if (relative.Length > 0 && (names.Contains(SourceLayout.PluginManifest) || HasManifestFolder(relative, entries)))
        {
            Found.Add(new FoundArtifact(ArtifactType.Plugin, relative, folderName));
        }

        foreach (var name in names)
        {
            await ClassifyAsync(Join(relative, name), name, folderName, files, cancellationToken);
        }

        return true;
    }

    private async Task ClassifyAsync(string path, string name, string folderName, SourceFileCache files,
        CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(name);
        var stem = Path.GetFileNameWithoutExtension(name);
        if (name == SourceLayout.McpFile)
        {
            foreach (var server in await McpServerNamesAsync(path, files, cancellationToken))
            {
                Found.Add(new FoundArtifact(ArtifactType.McpServer, $"{path}#{server}", server));
            }
        }
        else if (extension == ".md" && folderName.Equals("commands", StringComparison.OrdinalIgnoreCase))
        {
            Found.Add(new FoundArtifact(ArtifactType.Command, path, stem));
        }
        else if (extension == ".md" && folderName.Equals("agents", StringComparison.OrdinalIgnoreCase))
        {
            Found.Add(new FoundArtifact(ArtifactType.Agent, path, stem));
        }
        else if (folderName.Equals("hooks", StringComparison.OrdinalIgnoreCase) && extension == ".json")
        {
            Found.Add(new FoundArtifact(ArtifactType.Hook, path, stem));
        }
    }

    private bool HasManifestFolder(string relative, IReadOnlyList<SourceEntry> entries)
    {
        if (!entries.Any(e => e.Name == SourceLayout.PluginManifestFolder && e.IsUsableFolder))
        {
            return false; // a link of that name has its warning already
        }

        var manifest = $"{relative}/{SourceLayout.PluginManifestFolder}/{SourceLayout.PluginManifest}";
        try
        {
            switch (tree.Find(manifest))
            {
                case { IsUsableFile: true }:
                    return true;
                case { } other:
                    Warnings.Add(manifest, other.Problem ?? ArtifactFolderReading.Describe(other.Kind));
                    return false;
                default:
                    return false;
            }
        }
        catch (ArtifactContentException e)
        {
            Warnings.Add(manifest, e.Message);
            return false;
        }
    }

    /// <summary>The server names of a <c>.mcp.json</c>; one that cannot be read publishes nothing, with a warning.</summary>
    private async Task<IReadOnlyList<string>> McpServerNamesAsync(string path, SourceFileCache files, CancellationToken cancellationToken)
    {
        try
        {
            var servers = InlineJson.Servers(SourceJson.Parse(
                await ArtifactContentReader.ReadBytesAsync(tree, path, files, limits, cancellationToken), path, limits.Json), "");
            var usable = new List<string>();
            foreach (var (server, _) in servers)
            {
                if (server.Length == 0 || SafeText.HasUnsafe(server) || server.IndexOfAny(['#', '/']) >= 0)
                {
                    Warnings.Add(path, $"the server '{SafeText.Escape(server)}' has a name that cannot be a catalog path; skipped");
                }
                else
                {
                    usable.Add(server);
                }
            }

            return usable;
        }
        catch (ArtifactContentException e)
        {
            Warnings.Add(path, e.Message);
            return [];
        }
    }

    private static string Join(string folder, string name) => folder.Length == 0 ? name : $"{folder}/{name}";
}
