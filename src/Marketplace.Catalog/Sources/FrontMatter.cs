using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Marketplace.Catalog.Sources;

/// <summary>The YAML block between leading <c>---</c> lines of a Markdown file.</summary>
internal sealed record FrontMatter(string? Name, string? Description, string? Version, string? Author, string? License, IReadOnlyList<string> Tags)
{
    public static readonly FrontMatter Empty = new(null, null, null, null, null, []);

    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();

    public static FrontMatter Parse(string markdown)
    {
        using var reader = new StringReader(markdown);
        if (reader.ReadLine()?.Trim() != "---")
        {
            return Empty;
        }

        var yaml = new System.Text.StringBuilder();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Trim() == "---")
            {
                return FromYaml(yaml.ToString());
            }

            yaml.AppendLine(line);
        }

        return Empty; // no closing fence: not front matter
    }

    private static FrontMatter FromYaml(string yaml)
    {
        Dictionary<string, object?>? map;
        try
        {
            map = Yaml.Deserialize<Dictionary<string, object?>>(yaml);
        }
        catch (YamlException)
        {
            return Empty; // malformed front matter is treated as absent, the file still counts
        }

        if (map is null)
        {
            return Empty;
        }

        return new FrontMatter(Text(map, "name"), Text(map, "description"), Text(map, "version"), Text(map, "author"), Text(map, "license"), List(map, "tags"));
    }

    private static string? Text(Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) && value is string text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static List<string> List(Dictionary<string, object?> map, string key) => map.TryGetValue(key, out var value) switch
    {
        true when value is List<object> items => [.. items.OfType<string>()],
        true when value is string text => [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        _ => [],
    };
}
