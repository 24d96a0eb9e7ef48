using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources;

/// <summary>What an artifact says about itself: Markdown front matter, a plugin manifest, or an MCP server's JSON.</summary>
internal static class ArtifactMetadata
{
    public static FrontMatter From(ArtifactType type, ArtifactContent content, SourcesOptions limits)
    {
        var primary = type switch
        {
            ArtifactType.Skill => content.Files.FirstOrDefault(f => f.RelativePath == SourceLayout.SkillFile),
            ArtifactType.Plugin => PluginManifestOf(content),
            _ => content.Files.Count > 0 ? content.Files[0] : null,
        };
        if (primary is null)
        {
            return FrontMatter.Empty;
        }

        return Path.GetExtension(primary.RelativePath) switch
        {
            ".md" => FrontMatter.Parse(Encoding.UTF8.GetString(primary.Bytes), limits.FrontMatter),
            ".json" => FromJson(primary.Bytes, primary.RelativePath, limits.Json),
            _ => FrontMatter.Empty,
        };
    }

    /// <summary>A plugin's <c>.claude-plugin/plugin.json</c> (or a <c>plugin.json</c> at its top).</summary>
    internal static ArtifactFileContent? PluginManifestOf(ArtifactContent content) =>
        content.Files.FirstOrDefault(f => f.RelativePath == $"{SourceLayout.PluginManifestFolder}/{SourceLayout.PluginManifest}")
            ?? content.Files.FirstOrDefault(f => f.RelativePath == SourceLayout.PluginManifest);

    /// <summary>Plugin manifests and MCP server entries: name, description, version, author (text or {name}), license, keywords.</summary>
    private static FrontMatter FromJson(byte[] json, string path, JsonDocumentLimits limits)
    {
        try
        {
            if (SourceJson.Parse(json, path, limits) is not JsonObject root)
            {
                return FrontMatter.Empty;
            }

            var author = root["author"] switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => SafeText.Clean(s).Trim(),
                JsonObject o => SourceJson.Text(o, "name"),
                _ => null,
            };
            var tags = root["keywords"] is JsonArray keywords
                ? keywords.Select(k => k is JsonValue v && v.TryGetValue<string>(out var s)
                    ? SafeText.Clean(s) : null).OfType<string>().ToList()
                : [];
            return new FrontMatter(SourceJson.Text(root, "name"), SourceJson.Text(root, "description"), SourceJson.Text(root, "version"),
                string.IsNullOrEmpty(author) ? null : author, SourceJson.Text(root, "license"), tags);
        }
        catch (ArtifactContentException e)
        {
            return FrontMatter.Empty with { Problem = e.Message };
        }
    }
}
