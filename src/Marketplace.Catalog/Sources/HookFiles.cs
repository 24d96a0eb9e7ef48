using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marketplace.Catalog.Sources.Confinement;
using Marketplace.Catalog.Sources.Manifests;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// A hook is its configuration (DESIGN §5a): a hooks file (<c>hooks/hooks.json</c>, a custom path) or an inline <c>hooks</c>
/// object (<c>plugin.json#hooks</c>, <c>marketplace.json#plugin/hooks</c>, written out as <c>hooks/hooks.json</c>). The scripts its
/// commands run through <c>${CLAUDE_PLUGIN_ROOT}/…</c> are its files, stored by their path in the plugin, so the hook comes
/// out laid out as the plugin has it. The plugin root is the folder above the <c>.claude-plugin</c> or <c>hooks</c> folder.
/// </summary>
internal static partial class HookFiles
{
    public static async Task<ArtifactContent> ReadAsync(SourceTree tree, string entryPath, SourceFileCache files, SourcesOptions limits,
        CancellationToken ct)
    {
        var (file, selector) = InlineJson.Split(entryPath);
        var root = PluginRoot(file);
        var reading = new ArtifactFolderReading(tree, files, limits, entryPath);
        var bytes = await ArtifactContentReader.ReadBytesAsync(tree, file, files, limits, ct);
        JsonNode? config;
        if (selector.Length > 0)
        {
            var hooks = InlineJson.Hooks(SourceJson.Parse(bytes, file, limits.Json), InlineJson.Last(selector).Prefix)
                ?? throw new ArtifactContentException($"'{entryPath}': the inline hooks are no longer in the file.");
            config = new JsonObject { ["hooks"] = hooks.DeepClone() };
            reading.Add("hooks/hooks.json", ArtifactContentReader.Json(config));
        }
        else
        {
            config = SourceJson.Parse(bytes, file, limits.Json);
            await reading.ReadFileAsync(file, Relative(file, root), ct);
        }

        foreach (var script in Scripts(config).Distinct(StringComparer.Ordinal))
        {
            var path = root.Length == 0 ? script : $"{root}/{script}";
            if (MarketplaceManifest.Relative(script) is { Length: > 0 } && tree.Find(path) is { IsUsableFile: true })
            {
                await reading.ReadFileAsync(path, script, ct);
            }
        }

        return reading.Result();
    }

    /// <summary>Paths below <c>${CLAUDE_PLUGIN_ROOT}</c> that the hook's commands name.</summary>
    internal static IEnumerable<string> Scripts(JsonNode? node)
    {
        var pending = new Stack<JsonNode?>([node]);
        while (pending.TryPop(out var current))
        {
            switch (current)
            {
                case JsonObject o:
                    foreach (var (_, value) in o)
                    {
                        pending.Push(value);
                    }

                    break;
                case JsonArray a:
                    foreach (var value in a)
                    {
                        pending.Push(value);
                    }

                    break;
                case JsonValue v when v.TryGetValue<string>(out var text):
                    foreach (Match match in PluginRootPath().Matches(text))
                    {
                        yield return match.Groups["path"].Value;
                    }

                    break;
            }
        }
    }

    /// <summary>The plugin folder a hooks file belongs to: above <c>.claude-plugin/</c> or <c>hooks/</c>, else its own folder.</summary>
    private static string PluginRoot(string file)
    {
        var folder = file.Contains('/', StringComparison.Ordinal) ? file[..file.LastIndexOf('/')] : "";
        var name = folder[(folder.LastIndexOf('/') + 1)..];
        return name is SourceLayout.PluginManifestFolder or "hooks"
            ? folder.Contains('/', StringComparison.Ordinal) ? folder[..folder.LastIndexOf('/')] : ""
            : folder;
    }

    private static string Relative(string file, string root) => root.Length == 0 ? file : file[(root.Length + 1)..];

    [GeneratedRegex("""\$\{?CLAUDE_PLUGIN_ROOT\}?["']?/(?<path>[A-Za-z0-9._/+-]+)""")]
    private static partial Regex PluginRootPath();
}
