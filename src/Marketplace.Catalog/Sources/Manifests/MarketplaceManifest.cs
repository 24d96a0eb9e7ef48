using System.Text.Json.Nodes;
using Marketplace.Catalog.Sources.Confinement;

namespace Marketplace.Catalog.Sources.Manifests;

/// <summary>
/// A marketplace's <c>.claude-plugin/marketplace.json</c> (the Claude Code marketplace reference): its name, owner and
/// description, and the plugins it publishes. A plugin's <c>source</c> is a path relative to the repository (joined to
/// <c>metadata.pluginRoot</c> when it does not start with <c>./</c>), or another repository (<c>github</c>, <c>url</c>,
/// <c>git-subdir</c>, <c>npm</c>), recorded as its remote source. What cannot be used is a warning, never silence.
/// </summary>
internal sealed record MarketplaceManifest(string? Name, string? Owner, string? Description, IReadOnlyList<ManifestPlugin> Plugins)
{
    public const string Path = ".claude-plugin/marketplace.json";

    public static MarketplaceManifest Parse(SourceTree tree, byte[] json, JsonDocumentLimits limits, ScanWarnings warnings)
    {
        if (SourceJson.Parse(json, Path, limits) is not JsonObject root)
        {
            throw new ArtifactContentException($"'{Path}' is not a JSON object.");
        }

        var metadata = root["metadata"] as JsonObject;
        var pluginRoot = Relative(metadata is null ? null : SourceJson.Text(metadata, "pluginRoot")) ?? "";
        var plugins = new List<ManifestPlugin>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var list = root["plugins"] as JsonArray ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject entry || SourceJson.Text(entry, "name") is not { } name)
            {
                warnings.Add(Path, $"plugins[{i}] has no name; skipped");
                continue;
            }

            if (!names.Add(name))
            {
                warnings.Add(Path, $"plugins[{i}] '{name}' is listed twice; the first is kept");
                continue;
            }

            var (folder, remote) = ResolveSource(tree, entry["source"], pluginRoot, i, name, warnings);
            if (folder is null && remote is null)
            {
                continue;
            }

            plugins.Add(new ManifestPlugin(i, name, folder, remote, SourceJson.Text(entry, "description"),
                SourceJson.Text(entry, "version"), Author(entry), SourceJson.Text(entry, "category"),
                [.. Strings(entry["tags"]).Concat(Strings(entry["keywords"]))], ComponentSpec.From(entry), entry));
        }

        var owner = root["owner"] is JsonObject o ? SourceJson.Text(o, "name") : null;
        var description = (metadata is null ? null : SourceJson.Text(metadata, "description")) ?? SourceJson.Text(root, "description");
        return new MarketplaceManifest(SourceJson.Text(root, "name"), owner, description, plugins);
    }

    /// <summary>Plugin manifests and marketplace entries alike: author as text or <c>{name}</c>.</summary>
    public static string? Author(JsonObject node) => node["author"] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) && SafeText.Clean(s).Trim() is { Length: > 0 } clean => clean,
        JsonObject o => SourceJson.Text(o, "name"),
        _ => null,
    };

    public static IEnumerable<string> Strings(JsonNode? node) => node is JsonArray array
        ? array.Select(k => k is JsonValue v && v.TryGetValue<string>(out var s) ? SafeText.Clean(s).Trim() : null)
            .OfType<string>().Where(s => s.Length > 0)
        : [];

    /// <summary>A '/'-separated path inside the repository from a manifest's <c>./x</c>, <c>x/</c> or <c>./</c> (""); null when it
    /// leaves the repository or is not a usable path.</summary>
    public static string? Relative(string? path)
    {
        if (path is null)
        {
            return null;
        }

        var parts = path.Trim().Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
        return path.StartsWith('/') || parts.Any(p => p == ".." || FileNames.Problem(p) is not null) ? null : string.Join('/', parts);
    }

    private static (string? Folder, string? Remote) ResolveSource(SourceTree tree, JsonNode? source, string pluginRoot, int index,
        string name, ScanWarnings warnings)
    {
        if (source is JsonObject remote)
        {
            return (null, RemoteSources.Describe(remote));
        }

        var text = source is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (Relative(text) is not { } relative)
        {
            warnings.Add(Path, $"plugins[{index}] '{name}' has a source that is not a path inside the repository; skipped");
            return (null, null);
        }

        var joined = pluginRoot.Length == 0 ? relative : relative.Length == 0 ? pluginRoot : $"{pluginRoot}/{relative}";
        string[] candidates = text!.TrimStart().StartsWith("./", StringComparison.Ordinal) || text.Trim() == "." ? [relative, joined]
            : [joined, relative];
        foreach (var candidate in candidates.Distinct())
        {
            if (candidate.Length == 0 || tree.Find(candidate) is { IsUsableFolder: true })
            {
                return (candidate, null);
            }
        }

        warnings.Add(Path, $"plugins[{index}] '{name}': the folder '{candidates[0]}' does not exist (or is a link); not listed");
        return (null, null);
    }
}
