using Marketplace.Data;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Marketplace.Workflows.Definitions;

/// <summary>
/// Reads a definition into YamlDotNet's representation model — but first walks the parser's event stream, which
/// YamlDotNet produces without recursion, and refuses a document past <see cref="WorkflowLimits"/>: building the model
/// and reading it are recursive, so nothing deeper or larger than the limits may reach them. Aliases count as what they
/// expand to, and an alias inside the node it names (a cycle in the model) is refused.
/// </summary>
internal static class YamlLoader
{
    public static YamlMappingNode Load(string? yaml, WorkflowLimits limits)
    {
        if (string.IsNullOrWhiteSpace(yaml))
        {
            throw new RequestValidationException("yaml", "A workflow definition (YAML) is required.");
        }

        if (yaml.Length > limits.MaxDefinitionChars)
        {
            throw Exceeded($"The definition is longer than {limits.MaxDefinitionChars} characters", nameof(limits.MaxDefinitionChars));
        }

        var stream = new YamlStream();
        try
        {
            Check(new Parser(new StringReader(yaml)), limits);
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            throw new RequestValidationException("yaml", $"Not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {reason}");
        }
#pragma warning disable CA1031 // YamlDotNet 18.1's scanner throws InvalidOperationException on some malformed input: still bad input, a 400
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
#pragma warning restore CA1031
        {
            throw new RequestValidationException("yaml", $"Not valid YAML: the parser stopped on it ({e.GetType().Name}: {e.Message}).");
        }

        return stream.Documents is [{ RootNode: YamlMappingNode root }]
            ? root
            : throw new RequestValidationException("yaml", "The definition must be one YAML document whose top level is a mapping.");
    }

    /// <summary>A 400 for the document as a whole that names the limit's configuration key.</summary>
    public static RequestValidationException Exceeded(string what, string limit) =>
        new("yaml", $"{what} (limit {WorkflowLimits.Section}:{limit}).");

    private static void Check(Parser parser, WorkflowLimits limits)
    {
        var open = new Stack<Open>(); // the collections open now, innermost on top
        var anchors = new Dictionary<string, Size>(StringComparer.Ordinal); // complete anchored nodes
        long nodes = 0;
        // A node is at most two events; a parser that keeps reporting events past that is stuck (seen in YamlDotNet on malformed input).
        var events = 3L * limits.MaxYamlNodes + 16;
        while (parser.MoveNext())
        {
            if (--events < 0)
            {
                var at = parser.Current?.Start ?? Mark.Empty;
                throw new YamlException(at, at, "The parser made no progress.");
            }

            switch (parser.Current)
            {
                case NodeEvent { } start and (MappingStart or SequenceStart):
                    if (!start.Anchor.IsEmpty)
                    {
                        anchors.Remove(start.Anchor.Value); // until it ends, an alias of this name would be a cycle
                    }

                    open.Push(new Open(start.Anchor, ++nodes, open.Count + 1));
                    Deepest(open, open.Count, limits);
                    break;
                case MappingEnd or SequenceEnd:
                    var ended = open.Pop();
                    if (!ended.Anchor.IsEmpty)
                    {
                        anchors[ended.Anchor.Value] = new Size(nodes - ended.NodesBefore + 1, ended.Deepest - open.Count);
                    }

                    Deepest(open, ended.Deepest, limits);
                    break;
                case Scalar scalar:
                    nodes++;
                    if (!scalar.Anchor.IsEmpty)
                    {
                        anchors[scalar.Anchor.Value] = new Size(1, 0);
                    }

                    break;
                case AnchorAlias alias:
                    if (!anchors.TryGetValue(alias.Value.Value, out var size))
                    {
                        throw new YamlException(alias.Start, alias.End,
                            $"The alias *{alias.Value.Value} names no complete anchored node before it.");
                    }

                    nodes += size.Nodes;
                    Deepest(open, open.Count + size.Depth, limits);
                    break;
            }

            if (nodes > limits.MaxYamlNodes)
            {
                var what = $"The definition has more than {limits.MaxYamlNodes} values, aliases counted as what they stand for";
                throw Exceeded(what, nameof(limits.MaxYamlNodes));
            }
        }
    }

    /// <summary>Records that the collections open now reach <paramref name="depth"/>, refusing it past the limit.</summary>
    private static void Deepest(Stack<Open> open, int depth, WorkflowLimits limits)
    {
        if (depth > limits.MaxYamlDepth)
        {
            throw Exceeded($"The definition is nested deeper than {limits.MaxYamlDepth} levels", nameof(limits.MaxYamlDepth));
        }

        if (open.TryPeek(out var top) && depth > top.Deepest)
        {
            top.Deepest = depth;
        }
    }

    /// <summary>
    /// An open mapping or sequence: its anchor, the node count when it started (itself included) and how deep it reaches.
    /// </summary>
    private sealed class Open(AnchorName anchor, long nodesBefore, int depth)
    {
        public AnchorName Anchor { get; } = anchor;
        public long NodesBefore { get; } = nodesBefore;
        public int Deepest { get; set; } = depth;
    }

    /// <summary>What an alias stands for: its nodes, and the levels it adds where it is placed.</summary>
    private readonly record struct Size(long Nodes, int Depth);
}
