using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// Reads front matter from YamlDotNet's event stream, iteratively and within <see cref="FrontMatterLimits"/>: depth,
/// node and alias counts are checked as each event arrives, so no document reaches recursive code or expands an
/// alias. Only the top-level keys a catalog uses are kept: text values and lists of text (or comma-separated text)
/// for <c>tags</c>; an alias of a top-level text or list stands for it. Malformed YAML is treated as absent.
/// </summary>
internal static class FrontMatterReader
{
    public static FrontMatter Read(string yaml, FrontMatterLimits limits)
    {
        try
        {
            return Walk(new Parser(new StringReader(yaml)), limits);
        }
        catch (YamlException e)
        {
            return FrontMatter.Empty with { Problem = $"front matter is not valid YAML ({e.Start.Line}:{e.Start.Column})" };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or InvalidOperationException)
        {
            // YamlDotNet's scanner throws these for some escapes (a lone surrogate \ud800 among them), not YamlException.
            return FrontMatter.Empty with { Problem = $"front matter is not valid YAML ({e.Message})" };
        }
    }

    private static FrontMatter Walk(Parser parser, FrontMatterLimits limits)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var anchors = new Dictionary<string, object?>(StringComparer.Ordinal);
        int depth = 0, nodes = 0, aliases = 0;
        string? key = null; // the top-level key whose value comes next
        List<string>? list = null; // a top-level sequence being read
        string? listAnchor = null;
        var rootIsMapping = false;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            if (current is NodeEvent && ++nodes > limits.MaxNodes)
            {
                return Limit($"has more than Sources:FrontMatter:MaxNodes ({limits.MaxNodes}) nodes");
            }

            switch (current)
            {
                case AnchorAlias alias:
                    if (++aliases > limits.MaxAliases)
                    {
                        return Limit($"has more than Sources:FrontMatter:MaxAliases ({limits.MaxAliases}) aliases");
                    }

                    Value(anchors.GetValueOrDefault(alias.Value.Value));
                    break;
                case Scalar scalar:
                    var text = scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL"
                        ? null : scalar.Value;
                    if (!scalar.Anchor.IsEmpty && depth == 1)
                    {
                        anchors[scalar.Anchor.Value] = text;
                    }

                    Value(text);
                    break;
                case MappingStart or SequenceStart:
                    if (++depth > limits.MaxDepth)
                    {
                        return Limit($"nests deeper than Sources:FrontMatter:MaxDepth ({limits.MaxDepth})");
                    }

                    if (depth == 1)
                    {
                        rootIsMapping = current is MappingStart;
                    }
                    else if (depth == 2 && key is not null && current is SequenceStart start)
                    {
                        (list, listAnchor) = ([], start.Anchor.IsEmpty ? null : start.Anchor.Value);
                    }
                    else if (depth == 2 && key is not null)
                    {
                        key = null; // a nested mapping is no value a catalog uses
                    }

                    break;
                case MappingEnd or SequenceEnd:
                    if (depth-- == 2 && list is { } done)
                    {
                        if (listAnchor is not null)
                        {
                            anchors[listAnchor] = done;
                        }

                        (list, listAnchor) = (null, null);
                        Value(done);
                    }

                    break;
            }
        }

        if (!rootIsMapping)
        {
            return FrontMatter.Empty;
        }

        return new FrontMatter(Text("name"), Text("description"), Text("version"), Text("author"), Text("license"), Tags());

        void Value(object? value)
        {
            if (depth == 1 && rootIsMapping)
            {
                if (key is null)
                {
                    key = value as string ?? "";
                    return;
                }

                values[key] = value;
                key = null;
            }
            else if (depth == 2 && list is not null && value is string item)
            {
                list.Add(item);
            }
        }

        string? Text(string name) =>
            values.GetValueOrDefault(name) is string s && SafeText.Clean(s).Trim() is { Length: > 0 } clean ? clean : null;

        List<string> Tags() => values.GetValueOrDefault("tags") switch
        {
            List<string> items => [.. items.Select(SafeText.Clean)],
            string text => [.. SafeText.Clean(text).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            _ => [],
        };
    }

    private static FrontMatter Limit(string problem) => FrontMatter.Empty with { Problem = $"front matter {problem}" };
}
