using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources;

/// <summary>Where each artifact type lives in a marketplace repository, and the limits of reading one.</summary>
internal static class SourceLayout
{
    public const string SkillFile = "SKILL.md";
    public const string McpFile = ".mcp.json";
    public const string PluginManifestFolder = ".claude-plugin";
    public const string PluginManifest = "plugin.json";

    /// <summary>Files larger than this are not read (a skill is prose and small scripts, not data sets).</summary>
    public const int MaxFileBytes = 1024 * 1024;
    public const int MaxFilesPerArtifact = 500;
    public const int MaxFilesPerScan = 50_000;

    public static readonly string[] HookExtensions = [".json", ".sh", ".py", ".js", ".ts", ".md"];

    /// <summary>Folder names that say what is inside, so they are not worth a tag.</summary>
    public static readonly HashSet<string> TypeFolders = new(StringComparer.OrdinalIgnoreCase) { "skills", "commands", "agents", "hooks",
        "plugins", "mcp", PluginManifestFolder };

    /// <summary>Whether an artifact's path names a folder (skills, plugins) rather than a file.</summary>
    public static bool IsFolder(ArtifactType type) => type is ArtifactType.Skill or ArtifactType.Plugin;

    /// <summary>True when <paramref name="path"/> lies strictly below the folder <paramref name="folder"/> (both '/'-separated).</summary>
    public static bool IsBelow(string path, string folder) =>
        folder.Length == 0 ? path.Length > 0 : path.StartsWith(folder + "/", StringComparison.Ordinal);

    /// <summary>Skips links (they could point outside the source) and hidden folders such as <c>.git</c>.</summary>
    public static readonly EnumerationOptions Enumeration = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = true,
    };
}
