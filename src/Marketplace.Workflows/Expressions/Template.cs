using System.Text;
using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Expressions;

/// <summary>
/// Substitution of <c>${{ … }}</c> in stage inputs. A value that is exactly one expression takes the expression's
/// value with its JSON type (so an array parameter stays an array); otherwise each expression is written into the text.
/// </summary>
internal static class Template
{
    private const string Start = "${{";
    private const string End = "}}";

    public static IEnumerable<(string Text, Expression? Parsed, string? Error)> Expressions(string value, ExpressionLimits limits)
    {
        foreach (var placeholder in Placeholders(value))
        {
            var text = placeholder.Inner(value);
            Expression? parsed = null;
            string? error = null;
            try
            {
                parsed = ExpressionParser.Parse(text, limits);
            }
            catch (FormatException e)
            {
                error = e.Message;
            }

            yield return (text, parsed, error);
        }
    }

    public static bool IsSingleExpression(string value, out string inner)
    {
        var first = Placeholders(value).FirstOrDefault();
        var single = first.Length > 0 && first.Index == 0 && first.Length == value.Length;
        inner = single ? first.Inner(value) : "";
        return single;
    }

    /// <summary>A copy of <paramref name="node"/> with every expression replaced by its value in <paramref name="scope"/>.</summary>
    public static JsonNode? Resolve(JsonNode? node, ExpressionScope scope, ExpressionLimits limits) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Resolve(p.Value, scope, limits)))),
        JsonArray a => new JsonArray([.. a.Select(item => Resolve(item, scope, limits))]),
        JsonValue v when v.TryGetValue<string>(out var text) && text.Contains(Start, StringComparison.Ordinal) => ResolveText(text,
            scope, limits),
        _ => node?.DeepClone(),
    };

    private static JsonNode? ResolveText(string text, ExpressionScope scope, ExpressionLimits limits)
    {
        if (IsSingleExpression(text, out var inner))
        {
            return ExpressionParser.Parse(inner, limits).Evaluate(scope);
        }

        var result = new StringBuilder();
        var last = 0;
        foreach (var placeholder in Placeholders(text))
        {
            result.Append(text, last, placeholder.Index - last);
            var value = ExpressionParser.Parse(placeholder.Inner(text), limits).Evaluate(scope);
            result.Append(value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString());
            last = placeholder.Index + placeholder.Length;
        }

        return JsonValue.Create(result.Append(text, last, text.Length - last).ToString());
    }

    /// <summary>
    /// Each <c>${{</c> with the first <c>}}</c> after it, in order. A scan, not a regular expression: a lazy pattern over
    /// text full of unclosed <c>${{</c> takes time quadratic in its length; this stops at the first one left open.
    /// </summary>
    private static IEnumerable<Placeholder> Placeholders(string text)
    {
        for (var from = 0; ;)
        {
            var start = text.IndexOf(Start, from, StringComparison.Ordinal);
            var end = start < 0 ? -1 : text.IndexOf(End, start + Start.Length, StringComparison.Ordinal);
            if (end < 0)
            {
                yield break;
            }

            yield return new Placeholder(start, end + End.Length - start);
            from = end + End.Length;
        }
    }

    private readonly record struct Placeholder(int Index, int Length)
    {
        public string Inner(string text) => text[(Index + Start.Length)..(Index + Length - End.Length)].Trim();
    }
}
