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
    private readonly ComponentFolders _folders = new(tree, limits, warnings);

    /// <summary>The name of an MCP entry that stands for every server of its file or inline object.</summary>
    public const string AllServers = "*";

    /// <summary>
    /// The plugin's components. MCP servers come back as one entry per file or inline object (<c>file</c>, <c>file#prefix</c>),
    /// named <see cref="AllServers"/>, for the caller to expand into one entry per server. Without
    /// <paramref name="defaults"/> only what the spec names is looked at.
    /// </summary>
    public List<FoundArtifact> Find(string folder, string plugin, ComponentSpec spec, string? inlineFile, string inlinePrefix,
        bool defaults = true)
    {
        var found = new List<FoundArtifact>();
        void Add(ArtifactType type, string path, string name) => found.Add(new FoundArtifact(type, path, name, plugin));

        if (defaults)
        {
            _folders.MarkdownFiles(Join(folder, "commands"), optional: true, (path, name) => Add(ArtifactType.Command, path, name));
            _folders.MarkdownFiles(Join(folder, "agents"), optional: true, (path, name) => Add(ArtifactType.Agent, path, name));
            _folders.SkillFolders(Join(folder, "skills"), optional: true, (path, name) => Add(ArtifactType.Skill, path, name));
            if (_folders.IsFile(Join(folder, "hooks/hooks.json")))
            {
                Add(ArtifactType.Hook, Join(folder, "hooks/hooks.json"), "hooks");
            }

            if (_folders.IsFile(Join(folder, SourceLayout.McpFile)))
            {
                Add(ArtifactType.McpServer, Join(folder, SourceLayout.McpFile), AllServers);
            }
        }

        foreach (var path in Custom(folder, plugin, "commands", spec.Commands))
        {
            _folders.MarkdownFiles(path, optional: false, (p, n) => Add(ArtifactType.Command, p, n),
                (p, n) => Add(ArtifactType.Skill, p, n));
        }

        foreach (var path in Custom(folder, plugin, "agents", spec.Agents))
        {
            _folders.MarkdownFiles(path, optional: false, (p, n) => Add(ArtifactType.Agent, p, n));
        }

        foreach (var path in Custom(folder, plugin, "skills", spec.Skills))
        {
            _folders.SkillFolders(path, optional: false, (p, n) => Add(ArtifactType.Skill, p, n));
        }

        foreach (var path in Custom(folder, plugin, "hooks", spec.Hooks).Where(p => _folders.IsFileOrWarn(p, plugin, "hooks")))
        {
            Add(ArtifactType.Hook, path, Path.GetFileNameWithoutExtension(path));
        }

        var mcpFiles = Custom(folder, plugin, "mcpServers", spec.McpServers).Where(p => _folders.IsFileOrWarn(p, plugin, "mcpServers"));
        foreach (var path in mcpFiles)
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

    internal static string Join(string folder, string name) => folder.Length == 0 ? name : $"{folder}/{name}";
}
