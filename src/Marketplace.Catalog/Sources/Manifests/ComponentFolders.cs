using Marketplace.Catalog.Sources.Confinement;

namespace Marketplace.Catalog.Sources.Manifests;

/// <summary>
/// Where a plugin's components are found in its folders: Markdown files (commands, agents) of a folder and its subfolders,
/// skill folders, single files; what cannot be used on the way is a warning naming it.
/// </summary>
internal sealed class ComponentFolders(SourceTree tree, SourcesOptions limits, ScanWarnings warnings)
{
    /// <summary>Markdown files of a folder and its subfolders (or one file); a subfolder with SKILL.md is a skill.</summary>
    public void MarkdownFiles(string path, bool optional, Action<string, string> add, Action<string, string>? skill = null)
    {
        var entry = Find(path);
        if (entry is { IsUsableFile: true })
        {
            if (path.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            {
                add(path, Path.GetFileNameWithoutExtension(path));
            }

            return;
        }

        if (entry is not { IsUsableFolder: true })
        {
            WarnMissing(path, entry, optional);
            return;
        }

        var folders = new Stack<(string Path, int Depth)>([(path, 0)]);
        while (folders.TryPop(out var current))
        {
            var entries = List(current.Path);
            if (skill is not null && current.Depth > 0 && entries.Any(e => e.IsUsableFile && e.Name == SourceLayout.SkillFile))
            {
                skill(current.Path, current.Path[(current.Path.LastIndexOf('/') + 1)..]);
                continue;
            }

            foreach (var file in entries.Where(e => e.IsUsableFile && e.Name.EndsWith(".md", StringComparison.OrdinalIgnoreCase)))
            {
                var relative = $"{current.Path}/{file.Name}"[(path.Length + 1)..];
                add($"{current.Path}/{file.Name}", ArtifactNames.Slug(relative[..^3]));
            }

            foreach (var sub in entries.Where(e => e.IsUsableFolder && !e.Name.StartsWith('.') && current.Depth < limits.MaxFolderDepth))
            {
                folders.Push(($"{current.Path}/{sub.Name}", current.Depth + 1));
            }
        }
    }

    /// <summary>A skill folder (with SKILL.md), or a folder of skill folders.</summary>
    public void SkillFolders(string path, bool optional, Action<string, string> add)
    {
        var entry = Find(path);
        if (entry is not { IsUsableFolder: true })
        {
            WarnMissing(path, entry, optional);
            return;
        }

        var entries = List(path);
        if (entries.Any(e => e.IsUsableFile && e.Name == SourceLayout.SkillFile))
        {
            add(path, path[(path.LastIndexOf('/') + 1)..]);
            return;
        }

        foreach (var sub in entries.Where(e => e.IsUsableFolder && !e.Name.StartsWith('.')))
        {
            if (Find($"{path}/{sub.Name}/{SourceLayout.SkillFile}") is { IsUsableFile: true })
            {
                add($"{path}/{sub.Name}", sub.Name);
            }
        }
    }

    public bool IsFile(string path) => Find(path) is { IsUsableFile: true };

    public bool IsFileOrWarn(string path, string plugin, string field)
    {
        var entry = Find(path);
        if (entry is { IsUsableFile: true })
        {
            return true;
        }

        warnings.Add(path, $"plugin '{plugin}': the {field} file {(entry is null ? "does not exist" : entry.Problem ?? "is not a file")}");
        return false;
    }

    private void WarnMissing(string path, SourceEntry? entry, bool optional)
    {
        if (entry is not null)
        {
            warnings.Add(path, entry.Problem ?? ArtifactFolderReading.Describe(entry.Kind));
        }
        else if (!optional)
        {
            warnings.Add(path, "is listed by the manifest but does not exist");
        }
    }

    private SourceEntry? Find(string path)
    {
        try
        {
            return path.Length == 0 ? new SourceEntry("", SourceEntryKind.Folder) : tree.Find(path);
        }
        catch (ArtifactContentException e)
        {
            warnings.Add(path, e.Message);
            return new SourceEntry(path, SourceEntryKind.Other, "cannot be reached");
        }
    }

    private IReadOnlyList<SourceEntry> List(string path)
    {
        try
        {
            var entries = tree.List(path);
            foreach (var bad in entries.Where(e => !e.IsUsableFile && !e.IsUsableFolder))
            {
                warnings.Add($"{path}/{bad.Name}", bad.Problem ?? ArtifactFolderReading.Describe(bad.Kind));
            }

            return entries;
        }
        catch (ArtifactContentException e)
        {
            warnings.Add(path, e.Message);
            return [];
        }
    }
}
