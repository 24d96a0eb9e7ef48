using System.Text.Json.Nodes;

namespace Marketplace.Catalog.Sources.Manifests;

/// <summary>
/// Objects inside a JSON file that a catalog path points at with <c>file#selector</c>: the MCP servers of a
/// <c>.mcp.json</c> or a <c>plugin.json</c> (<c>file#server</c>), those of a marketplace entry (<c>marketplace.json#plugin/server</c>),
/// and inline hooks (<c>plugin.json#hooks</c>, <c>marketplace.json#plugin/hooks</c>).
/// </summary>
internal static class InlineJson
{
    /// <summary>The servers at <paramref name="prefix"/> ("" or <c>plugin/</c>): <c>mcpServers</c>, or a root that holds only
    /// server objects (a <c>.mcp.json</c> written without the wrapper).</summary>
    public static JsonObject Servers(JsonNode? root, string prefix)
    {
        var holder = Holder(root, prefix);
        if (holder?["mcpServers"] is JsonObject servers)
        {
            return servers;
        }

        return prefix.Length == 0 && holder is JsonObject plain && plain.Count > 0 && plain.All(p => p.Value is JsonObject o
            && (o.ContainsKey("command") || o.ContainsKey("url") || o.ContainsKey("type"))) ? plain : [];
    }

    /// <summary>The inline hooks at <paramref name="prefix"/>, or null.</summary>
    public static JsonObject? Hooks(JsonNode? root, string prefix) => Holder(root, prefix)?["hooks"] as JsonObject;

    /// <summary>The object a prefix names: the root (""), or the marketplace entry of that plugin (<c>name/</c>).</summary>
    private static JsonObject? Holder(JsonNode? root, string prefix)
    {
        if (prefix.Length == 0)
        {
            return root as JsonObject;
        }

        var name = prefix.TrimEnd('/');
        return (root?["plugins"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(p => SourceJson.Text(p, "name") == name);
    }

    /// <summary>Splits <c>file#selector</c>; a path without '#' has an empty selector.</summary>
    public static (string File, string Selector) Split(string path)
    {
        var hash = path.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (path, "") : (path[..hash], path[(hash + 1)..]);
    }

    /// <summary>A selector's prefix (up to its last '/') and its last part.</summary>
    public static (string Prefix, string Last) Last(string selector)
    {
        var slash = selector.LastIndexOf('/');
        return slash < 0 ? ("", selector) : (selector[..(slash + 1)], selector[(slash + 1)..]);
    }
}
