namespace Marketplace.Workflows.Expressions;

/// <summary>
/// Recursive-descent parser for the text between <c>${{</c> and <c>}}</c>. Its length is checked first, and the tree's
/// height (each <c>!</c>, parenthesis and operator a level) before every step down, so no text reaches the stack's
/// end: here, or in evaluating and walking the tree, which recurse as deep as it is high.
/// </summary>
internal sealed class ExpressionParser
{
    private readonly ExpressionScanner _scan;
    private readonly ExpressionLimits _limits;
    private int _open; // levels ('!' and '(') around the part being parsed

    private ExpressionParser(string text, ExpressionLimits limits)
    {
        _scan = new ExpressionScanner(text);
        _limits = limits;
    }

    /// <summary>Parses an expression or throws <see cref="FormatException"/> saying where it went wrong.</summary>
    public static Expression Parse(string text, ExpressionLimits limits)
    {
        if (text.Length > limits.MaxChars)
        {
            throw new FormatException($"the expression is longer than {limits.MaxChars} characters (limit {Limit("MaxExpressionChars")})");
        }

        var parser = new ExpressionParser(text, limits);
        var expression = parser.Or().Expression;
        return parser._scan.AtEnd ? expression : throw parser._scan.Error("unexpected text");
    }

    private Node Or()
    {
        var left = And();
        while (_scan.Take("||"))
        {
            left = Join("||", left, And());
        }

        return left;
    }

    private Node And()
    {
        var left = Comparison();
        while (_scan.Take("&&"))
        {
            left = Join("&&", left, Comparison());
        }

        return left;
    }

    private Node Comparison()
    {
        var left = Unary();
        foreach (var op in (ReadOnlySpan<string>)["==", "!="])
        {
            if (_scan.Take(op))
            {
                return Join(op, left, Unary());
            }
        }

        return left;
    }

    private Node Unary()
    {
        if (_scan.Peek("!="))
        {
            throw _scan.Error("expected a value");
        }

        if (!_scan.Take("!"))
        {
            return Primary();
        }

        Open();
        var operand = Unary();
        _open--;
        return new Node(new Expression.Not(operand.Expression), operand.Height + 1);
    }

    private Node Primary()
    {
        if (_scan.Take("("))
        {
            Open();
            var inner = Or();
            _open--;
            return _scan.Take(")") ? inner with { Height = inner.Height + 1 } : throw _scan.Error("expected ')'");
        }

        if (_scan.AtEnd)
        {
            throw _scan.Error("expected a value");
        }

        var c = _scan.Current;
        return new Node(c is '\'' or '"' ? _scan.Text(c) : char.IsAsciiDigit(c) || c == '-' ? _scan.Number() : _scan.Name(), 1);
    }

    /// <summary>Goes one level down; refused when even the smallest operand there would make the tree too high.</summary>
    private void Open()
    {
        if (_open + 2 > _limits.MaxDepth)
        {
            throw TooDeep();
        }

        _open++;
    }

    private Node Join(string op, Node left, Node right)
    {
        var height = Math.Max(left.Height, right.Height) + 1;
        return _open + height > _limits.MaxDepth
            ? throw TooDeep()
            : new Node(new Expression.Binary(op, left.Expression, right.Expression), height);
    }

    private FormatException TooDeep() =>
        new($"the expression is nested deeper than {_limits.MaxDepth} levels at position {_scan.Position + 1} " +
            $"(limit {Limit("MaxExpressionDepth")})");

    private static string Limit(string name) => $"{WorkflowLimits.Section}:{name}";

    /// <summary>A parsed part and the height of its tree.</summary>
    private readonly record struct Node(Expression Expression, int Height);
}
