using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources;

/// <summary>Where each artifact type lives in a marketplace repository, and the limits of reading one.</summary>
internal static class SourceLayout
{
    public const string SkillFile = "SKILL.md";
    public const string McpFile = ".mcp.json";
    public const string PluginManifestFolder = ".claude-plugin";
    public const string PluginManifest = "plugin.json";


    /// <summary>Folder names that say what is inside, so they are not worth a tag.</summary>
    public static readonly HashSet<string> TypeFolders = new(StringComparer.OrdinalIgnoreCase) { "skills", "commands", "agents", "hooks",
        "plugins", "mcp", PluginManifestFolder };

    /// <summary>Whether an artifact's path names a folder (skills, plugins) rather than a file.</summary>
    public static bool IsFolder(ArtifactType type) => type is ArtifactType.Skill or ArtifactType.Plugin;

    /// <summary>True when <paramref name="path"/> lies strictly below the folder <paramref name="folder"/> (both '/'-separated).</summary>
    public static bool IsBelow(string path, string folder) =>
        folder.Length == 0 ? path.Length > 0 : path.StartsWith(folder + "/", StringComparison.Ordinal);
}
