using Marketplace.Catalog.Sources.Confinement;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources.Manifests;

/// <summary>
/// The components of one plugin folder (the Claude Code plugins reference): its default places — <c>commands/</c> and
/// <c>agents/</c> (Markdown files, subfolders included), <c>skills/&lt;name&gt;/SKILL.md</c>, <c>hooks/hooks.json</c>,
/// <c>.mcp.json</c> — plus the custom paths and inline objects of its <see cref="ComponentSpec"/>, which add to the defaults.
/// A custom path that is missing, a link or outside the plugin is a warning naming it.
/// </summary>
internal sealed class PluginComponents(SourceTree tree, SourcesOptions limits, ScanWarnings warnings)
{
    /// <summary>The name of an MCP entry that stands for every server of its file or inline object.</summary>
    public const string AllServers = "*";

    /// <summary>
    /// The plugin's components. MCP servers come back as one entry per file or inline object (<c>file</c>, <c>file#prefix</c>),
    /// named <see cref="AllServers"/>, for the caller to expand into one entry per server.
    /// </summary>
    public List<FoundArtifact> Find(string folder, string plugin, ComponentSpec spec, string? inlineFile, string inlinePrefix)
    {
        var found = new List<FoundArtifact>();
        void Add(ArtifactType type, string path, string name) => found.Add(new FoundArtifact(type, path, name, plugin));

        MarkdownFiles(Join(folder, "commands"), optional: true, (path, name) => Add(ArtifactType.Command, path, name));
        MarkdownFiles(Join(folder, "agents"), optional: true, (path, name) => Add(ArtifactType.Agent, path, name));
        SkillFolders(Join(folder, "skills"), optional: true, (path, name) => Add(ArtifactType.Skill, path, name));
        if (IsFile(Join(folder, "hooks/hooks.json")))
        {
            Add(ArtifactType.Hook, Join(folder, "hooks/hooks.json"), "hooks");
        }

        if (IsFile(Join(folder, SourceLayout.McpFile)))
        {
            Add(ArtifactType.McpServer, Join(folder, SourceLayout.McpFile), AllServers);
        }

        foreach (var path in Custom(folder, plugin, "commands", spec.Commands))
        {
            MarkdownFiles(path, optional: false, (p, n) => Add(ArtifactType.Command, p, n),
                (p, n) => Add(ArtifactType.Skill, p, n));
        }

        foreach (var path in Custom(folder, plugin, "agents", spec.Agents))
        {
            MarkdownFiles(path, optional: false, (p, n) => Add(ArtifactType.Agent, p, n));
        }

        foreach (var path in Custom(folder, plugin, "skills", spec.Skills))
        {
            SkillFolders(path, optional: false, (p, n) => Add(ArtifactType.Skill, p, n));
        }

        foreach (var path in Custom(folder, plugin, "hooks", spec.Hooks).Where(p => IsFileOrWarn(p, plugin, "hooks")))
        {
            Add(ArtifactType.Hook, path, Path.GetFileNameWithoutExtension(path));
        }

        foreach (var path in Custom(folder, plugin, "mcpServers", spec.McpServers).Where(p => IsFileOrWarn(p, plugin, "mcpServers")))
        {
            Add(ArtifactType.McpServer, path, AllServers);
        }

        if (inlineFile is not null && spec.InlineHooks)
        {
            Add(ArtifactType.Hook, $"{inlineFile}#{inlinePrefix}hooks", "inline-hooks");
        }

        if (inlineFile is not null && spec.InlineMcpServers)
        {
            Add(ArtifactType.McpServer, $"{inlineFile}#{inlinePrefix}", AllServers);
        }

        return [.. found.DistinctBy(f => f.Path)];
    }

    /// <summary>A component path of the manifest, made relative to the repository; paths that leave the plugin are refused.</summary>
    private IEnumerable<string> Custom(string folder, string plugin, string field, IReadOnlyList<string> paths)
    {
        foreach (var path in paths)
        {
            if (MarketplaceManifest.Relative(path) is { Length: > 0 } relative)
            {
                yield return Join(folder, relative);
            }
            else
            {
                warnings.Add(Join(folder, ".claude-plugin/plugin.json"),
                    $"plugin '{plugin}': {field} path '{SafeText.Escape(path)}' is not a path inside the plugin; skipped");
            }
        }
    }

    /// <summary>Markdown files of a folder and its subfolders (or one file); a subfolder with SKILL.md is a skill.</summary>
    private void MarkdownFiles(string path, bool optional, Action<string, string> add, Action<string, string>? skill = null)
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
    private void SkillFolders(string path, bool optional, Action<string, string> add)
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

    private bool IsFile(string path) => Find(path) is { IsUsableFile: true };

    private bool IsFileOrWarn(string path, string plugin, string field)
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

    internal static string Join(string folder, string name) => folder.Length == 0 ? name : $"{folder}/{name}";
}
