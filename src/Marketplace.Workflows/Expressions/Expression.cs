using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Expressions;

/// <summary>
/// A parsed <c>${{ … }}</c> expression: literals ('text', 42, true, null), paths (<c>parameters.x</c>,
/// <c>stages.id.outputs.field</c>, <c>stages.id.status</c>), <c>!</c>, <c>==</c>, <c>!=</c>, <c>&amp;&amp;</c>, <c>||</c> and parentheses.
/// Small on purpose: conditions and substitutions, not a programming language.
/// </summary>
internal abstract record Expression
{
    public abstract JsonNode? Evaluate(ExpressionScope scope);

    /// <summary>Every path the expression reads, for validating references when a definition is saved.</summary>
    public abstract IEnumerable<IReadOnlyList<string>> Paths();

    public static bool IsTruthy(JsonNode? value) => value switch
    {
        null => false,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length > 0,
        JsonValue v when v.TryGetValue<double>(out var d) => d != 0,
        JsonArray a => a.Count > 0,
        _ => true,
    };

    internal sealed record Literal(JsonNode? Value) : Expression
    {
        public override JsonNode? Evaluate(ExpressionScope scope) => Value?.DeepClone();
        public override IEnumerable<IReadOnlyList<string>> Paths() => [];
    }

    internal sealed record Path(IReadOnlyList<string> Segments) : Expression
    {
        public override JsonNode? Evaluate(ExpressionScope scope) => scope.Resolve(Segments)?.DeepClone();
        public override IEnumerable<IReadOnlyList<string>> Paths() => [Segments];
    }

    internal sealed record Not(Expression Operand) : Expression
    {
        public override JsonNode? Evaluate(ExpressionScope scope) => JsonValue.Create(!IsTruthy(Operand.Evaluate(scope)));
        public override IEnumerable<IReadOnlyList<string>> Paths() => Operand.Paths();
    }

    internal sealed record Binary(string Operator, Expression Left, Expression Right) : Expression
    {
        public override JsonNode? Evaluate(ExpressionScope scope) => Operator switch
        {
            "&&" => JsonValue.Create(IsTruthy(Left.Evaluate(scope)) && IsTruthy(Right.Evaluate(scope))),
            "||" => JsonValue.Create(IsTruthy(Left.Evaluate(scope)) || IsTruthy(Right.Evaluate(scope))),
            "==" => JsonValue.Create(JsonNode.DeepEquals(Normalize(Left.Evaluate(scope)), Normalize(Right.Evaluate(scope)))),
            _ => JsonValue.Create(!JsonNode.DeepEquals(Normalize(Left.Evaluate(scope)), Normalize(Right.Evaluate(scope)))),
        };

        public override IEnumerable<IReadOnlyList<string>> Paths() => Left.Paths().Concat(Right.Paths());

        // 1 and 1.0 are equal, whatever JSON type each came from.
        private static JsonNode? Normalize(JsonNode? value) =>
            value is JsonValue v && v.TryGetValue<double>(out var d) ? JsonValue.Create(d) : value;
    }
}
