using System.Text.Json.Nodes;

namespace Marketplace.Catalog.Sources.Manifests;

/// <summary>
/// The component fields of a <c>plugin.json</c> or a marketplace entry: <c>commands</c>, <c>agents</c>, <c>skills</c> (a path
/// or a list of paths), <c>hooks</c> and <c>mcpServers</c> (a path, a list of paths, or an inline object). They add to the
/// plugin's default places; an inline object is read where it sits (<c>file#hooks</c>, <c>file#server</c>).
/// </summary>
internal sealed record ComponentSpec(
    IReadOnlyList<string> Commands,
    IReadOnlyList<string> Agents,
    IReadOnlyList<string> Skills,
    IReadOnlyList<string> Hooks,
    IReadOnlyList<string> McpServers,
    bool InlineHooks,
    bool InlineMcpServers)
{
    public static readonly ComponentSpec None = new([], [], [], [], [], false, false);

    /// <summary>Whether the spec names any component (a path or an inline object).</summary>
    public bool NamesAny => Commands.Count + Agents.Count + Skills.Count + Hooks.Count + McpServers.Count > 0 || InlineHooks
        || InlineMcpServers;

    public static ComponentSpec From(JsonObject node) => new(
        Paths(node["commands"]), Paths(node["agents"]), Paths(node["skills"]), Paths(node["hooks"]), Paths(node["mcpServers"]),
        node["hooks"] is JsonObject, node["mcpServers"] is JsonObject);

    public ComponentSpec Add(ComponentSpec other) => new(
        [.. Commands.Concat(other.Commands)], [.. Agents.Concat(other.Agents)], [.. Skills.Concat(other.Skills)],
        [.. Hooks.Concat(other.Hooks)], [.. McpServers.Concat(other.McpServers)], InlineHooks, InlineMcpServers);

    private static List<string> Paths(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        JsonArray a => [.. a.Select(i => i is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>()],
        _ => [],
    };
}
