using System.Globalization;
using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Expressions;

/// <summary>Recursive-descent parser for the text between <c>${{</c> and <c>}}</c>.</summary>
internal sealed class ExpressionParser
{
    private readonly string _text;
    private int _at;

    private ExpressionParser(string text) => _text = text;

    /// <summary>Parses an expression or throws <see cref="FormatException"/> saying where it went wrong.</summary>
    public static Expression Parse(string text)
    {
        var parser = new ExpressionParser(text);
        var expression = parser.Or();
        parser.SkipSpaces();
        return parser._at == text.Length ? expression : throw parser.Error("unexpected text");
    }

    private Expression Or()
    {
        var left = And();
        while (Take("||"))
        {
            left = new Expression.Binary("||", left, And());
        }

        return left;
    }

    private Expression And()
    {
        var left = Comparison();
        while (Take("&&"))
        {
            left = new Expression.Binary("&&", left, Comparison());
        }

        return left;
    }

    private Expression Comparison()
    {
        var left = Unary();
        foreach (var op in (ReadOnlySpan<string>)["==", "!="])
        {
            if (Take(op))
            {
                return new Expression.Binary(op, left, Unary());
            }
        }

        return left;
    }

    private Expression Unary()
    {
        if (Peek("!="))
        {
            throw Error("expected a value");
        }

        return Take("!") ? new Expression.Not(Unary()) : Primary();
    }

    private Expression Primary()
    {
        SkipSpaces();
        if (Take("("))
        {
            var inner = Or();
            return Take(")") ? inner : throw Error("expected ')'");
        }

        if (_at >= _text.Length)
        {
            throw Error("expected a value");
        }

        var c = _text[_at];
        if (c is '\'' or '"')
        {
            var end = _text.IndexOf(c, _at + 1);
            if (end < 0)
            {
                throw Error("unterminated string");
            }

            var value = _text[(_at + 1)..end];
            _at = end + 1;
            return new Expression.Literal(JsonValue.Create(value));
        }

        if (char.IsAsciiDigit(c) || c == '-')
        {
            var start = _at++;
            while (_at < _text.Length && (char.IsAsciiDigit(_text[_at]) || _text[_at] == '.'))
            {
                _at++;
            }

            return double.TryParse(_text.AsSpan(start, _at - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? new Expression.Literal(JsonValue.Create(number))
                : throw Error("not a number");
        }

        var segments = new List<string> { Identifier() };
        while (_at < _text.Length && _text[_at] == '.')
        {
            _at++;
            segments.Add(Identifier());
        }

        return segments is [var word] && word is "true" or "false" or "null"
            ? new Expression.Literal(word == "null" ? null : JsonValue.Create(word == "true"))
            : segments[0] is "parameters" or "stages" ? new Expression.Path(segments) : throw Error($"unknown name '{segments[0]}' (use parameters.… or stages.…)");
    }

    private string Identifier()
    {
        var start = _at;
        while (_at < _text.Length && (char.IsAsciiLetterOrDigit(_text[_at]) || _text[_at] is '_' or '-'))
        {
            _at++;
        }

        return _at > start ? _text[start.._at] : throw Error("expected a name");
    }

    private bool Take(string token)
    {
        SkipSpaces();
        if (!Peek(token))
        {
            return false;
        }

        _at += token.Length;
        return true;
    }

    private bool Peek(string token)
    {
        SkipSpaces();
        return string.CompareOrdinal(_text, _at, token, 0, token.Length) == 0;
    }

    private void SkipSpaces()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
        {
            _at++;
        }
    }

    private FormatException Error(string what) => new($"{what} at position {_at + 1} of '{_text}'");
}
