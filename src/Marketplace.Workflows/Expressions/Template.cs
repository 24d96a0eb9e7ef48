using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Marketplace.Workflows.Expressions;

/// <summary>
/// Substitution of <c>${{ … }}</c> in stage inputs. A value that is exactly one expression takes the expression's
/// value with its JSON type (so an array parameter stays an array); otherwise each expression is written into the text.
/// </summary>
internal static partial class Template
{
    public static IEnumerable<(string Text, Expression? Parsed, string? Error)> Expressions(string value)
    {
        foreach (Match match in Placeholder().Matches(value))
        {
            var text = match.Groups[1].Value.Trim();
            Expression? parsed = null;
            string? error = null;
            try
            {
                parsed = ExpressionParser.Parse(text);
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
        var match = Placeholder().Match(value);
        inner = match.Success ? match.Groups[1].Value.Trim() : "";
        return match.Success && match.Index == 0 && match.Length == value.Length;
    }

    /// <summary>A copy of <paramref name="node"/> with every expression replaced by its value in <paramref name="scope"/>.</summary>
    public static JsonNode? Resolve(JsonNode? node, ExpressionScope scope) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Resolve(p.Value, scope)))),
        JsonArray a => new JsonArray([.. a.Select(item => Resolve(item, scope))]),
        JsonValue v when v.TryGetValue<string>(out var text) && text.Contains("${{", StringComparison.Ordinal) => ResolveText(text, scope),
        _ => node?.DeepClone(),
    };

    private static JsonNode? ResolveText(string text, ExpressionScope scope)
    {
        if (IsSingleExpression(text, out var inner))
        {
            return ExpressionParser.Parse(inner).Evaluate(scope);
        }

        var result = new StringBuilder();
        var last = 0;
        foreach (Match match in Placeholder().Matches(text))
        {
            result.Append(text, last, match.Index - last);
            var value = ExpressionParser.Parse(match.Groups[1].Value.Trim()).Evaluate(scope);
            result.Append(value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString());
            last = match.Index + match.Length;
        }

        return JsonValue.Create(result.Append(text, last, text.Length - last).ToString());
    }

    [GeneratedRegex(@"\$\{\{(.*?)\}\}", RegexOptions.Singleline)]
    private static partial Regex Placeholder();
}
