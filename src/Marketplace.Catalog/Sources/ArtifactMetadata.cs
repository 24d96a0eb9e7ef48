using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources;

/// <summary>What an artifact says about itself: Markdown front matter, a plugin manifest, or an MCP server's JSON.</summary>
internal static class ArtifactMetadata
{
    public static FrontMatter From(ArtifactType type, ArtifactContent content)
    {
        var primary = type switch
        {
            ArtifactType.Skill => content.Files.FirstOrDefault(f => f.RelativePath == SourceLayout.SkillFile),
            ArtifactType.Plugin => content.Files.FirstOrDefault(f => f.RelativePath.EndsWith(SourceLayout.PluginManifest, StringComparison.Ordinal)),
            _ => content.Files.Count > 0 ? content.Files[0] : null,
        };
        if (primary is null)
        {
            return FrontMatter.Empty;
        }

        return Path.GetExtension(primary.RelativePath) switch
        {
            ".md" => FrontMatter.Parse(Encoding.UTF8.GetString(primary.Bytes)),
            ".json" => FromJson(primary.Bytes),
            _ => FrontMatter.Empty,
        };
    }

    /// <summary>Plugin manifests and MCP server entries: name, description, version, author (text or {name}), license, keywords.</summary>
    private static FrontMatter FromJson(byte[] json)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject root)
            {
                return FrontMatter.Empty;
            }

            var author = root["author"] switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                JsonObject o => Text(o, "name"),
                _ => null,
            };
            var tags = root["keywords"] is JsonArray keywords
                ? keywords.Select(k => k is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList()
                : [];
            return new FrontMatter(Text(root, "name"), Text(root, "description"), Text(root, "version"), author, Text(root, "license"), tags);
        }
        catch (JsonException)
        {
            return FrontMatter.Empty;
        }
    }

    private static string? Text(JsonObject node, string key) =>
        node[key] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
}
