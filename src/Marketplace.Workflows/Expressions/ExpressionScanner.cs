using System.Globalization;
using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Expressions;

/// <summary>The tokens of an expression for <see cref="ExpressionParser"/>: operators, literals and names, by position.</summary>
internal sealed class ExpressionScanner(string text)
{
    public int Position { get; private set; }

    public bool AtEnd
    {
        get
        {
            SkipSpaces();
            return Position >= text.Length;
        }
    }

    public char Current => text[Position];

    public bool Take(string token)
    {
        if (!Peek(token))
        {
            return false;
        }

        Position += token.Length;
        return true;
    }

    public bool Peek(string token)
    {
        SkipSpaces();
        return string.CompareOrdinal(text, Position, token, 0, token.Length) == 0;
    }

    public Expression Text(char quote)
    {
        var end = text.IndexOf(quote, Position + 1);
        if (end < 0)
        {
            throw Error("unterminated string");
        }

        var value = text[(Position + 1)..end];
        Position = end + 1;
        return new Expression.Literal(JsonValue.Create(value));
    }

    public Expression Number()
    {
        var start = Position++;
        while (Position < text.Length && (char.IsAsciiDigit(text[Position]) || text[Position] == '.'))
        {
            Position++;
        }

        // A number too large for a double parses as infinity, which no JSON holds: refused like any other non-number.
        var span = text.AsSpan(start, Position - start);
        return double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? new Expression.Literal(JsonValue.Create(number))
            : throw Error("not a number");
    }

    /// <summary>A literal name (<c>true</c>, <c>false</c>, <c>null</c>) or a path (<c>parameters.x</c>, <c>stages.a.status</c>).</summary>
    public Expression Name()
    {
        var segments = new List<string> { Identifier() };
        while (Position < text.Length && text[Position] == '.')
        {
            Position++;
            segments.Add(Identifier());
        }

        return segments is [var word] && word is "true" or "false" or "null"
            ? new Expression.Literal(word == "null" ? null : JsonValue.Create(word == "true"))
            : segments[0] is "parameters" or "stages"
                ? new Expression.Path(segments)
                : throw Error($"unknown name '{segments[0]}' (use parameters.… or stages.…)");
    }

    public FormatException Error(string what) => new($"{what} at position {Position + 1} of '{text}'");

    private string Identifier()
    {
        var start = Position;
        while (Position < text.Length && (char.IsAsciiLetterOrDigit(text[Position]) || text[Position] is '_' or '-'))
        {
            Position++;
        }

        return Position > start ? text[start..Position] : throw Error("expected a name");
    }

    private void SkipSpaces()
    {
        while (Position < text.Length && char.IsWhiteSpace(text[Position]))
        {
            Position++;
        }
    }
}
