using System.Text.Json.Nodes;
using Marketplace.Workflows.Expressions;

namespace Marketplace.Workflows.Tests;

public sealed class ExpressionTests
{
    private static readonly ExpressionScope Scope = new(
        new JsonObject { ["name"] = "x", ["ids"] = new JsonArray("a", "b"), ["on"] = true, ["n"] = 2 },
        new Dictionary<string, StageValues> { ["import"] = new("completed", new JsonObject { ["imported"] = 3 }) });

    [Theory]
    [InlineData("parameters.on", true)]
    [InlineData("!parameters.on", false)]
    [InlineData("parameters.name == 'x'", true)]
    [InlineData("parameters.name != \"x\"", false)]
    [InlineData("parameters.n == 2", true)]
    [InlineData("stages.import.outputs.imported == 3 && stages.import.status == 'completed'", true)]
    [InlineData("parameters.missing || (parameters.n == 3)", false)]
    [InlineData("parameters.ids", true)]
    public void Evaluate_Condition_IsTruthyAsExpected(string text, bool expected) =>
        Assert.Equal(expected, Expression.IsTruthy(ExpressionParser.Parse(text, ExpressionLimits.Default).Evaluate(Scope)));

    [Theory]
    [InlineData("parameters.")]
    [InlineData("'open")]
    [InlineData("env.HOME")]
    [InlineData("parameters.a ==")]
    [InlineData("(parameters.a")]
    public void Parse_Malformed_Throws(string text) => Assert.Throws<FormatException>(() => ExpressionParser.Parse(text, ExpressionLimits.Default));

    [Theory]
    [InlineData("!!!parameters.on", 4, true)] // a path is one level, each '!' one more
    [InlineData("!!!!parameters.on", 4, false)]
    [InlineData("((parameters.on))", 3, true)]
    [InlineData("(((parameters.on)))", 3, false)]
    [InlineData("parameters.on && parameters.on && parameters.on", 3, true)]
    [InlineData("parameters.on && parameters.on && parameters.on && parameters.on", 3, false)]
    [InlineData("!(parameters.n == 2)", 4, true)]
    [InlineData("!(parameters.n == 2)", 3, false)]
    public void Parse_AtAndPastTheDepthLimit_ParsesThenRefusesNamingIt(string text, int maxDepth, bool parses)
    {
        var limits = new ExpressionLimits(100, maxDepth);
        if (parses)
        {
            Assert.NotNull(ExpressionParser.Parse(text, limits));
            return;
        }

        var error = Assert.Throws<FormatException>(() => ExpressionParser.Parse(text, limits));
        Assert.Contains("Workflows:Limits:MaxExpressionDepth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AtAndPastTheLengthLimit_ParsesThenRefusesNamingIt()
    {
        var limits = new ExpressionLimits(MaxChars: 20, MaxDepth: 64);
        Assert.NotNull(ExpressionParser.Parse("parameters.n == 1234", limits));

        var error = Assert.Throws<FormatException>(() => ExpressionParser.Parse("parameters.n == 12345", limits));
        Assert.Contains("Workflows:Limits:MaxExpressionChars", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200_000, '!')]
    [InlineData(100_000, '(')]
    public void Parse_HostileNestingUnderAGenerousLength_IsRefusedBeforeTheStackEnds(int count, char c)
    {
        var text = new string(c, count) + "parameters.on" + (c == '(' ? new string(')', count) : "");

        Assert.Throws<FormatException>(() => ExpressionParser.Parse(text, new ExpressionLimits(1_000_000, 256)));
    }

    [Fact]
    public void Parse_GeneratedTokenSoup_ParsesOrSaysWhyAndEvaluationNeverThrows()
    {
        // Operators, literals, names, unicode and control characters in random order and nesting, within the default limits.
        string[] tokens = ["!", "(", ")", "&&", "||", "==", "!=", "'", "\"", "parameters.on", "parameters.ids", "stages.import.status",
            "stages.import.outputs.imported", "true", "null", "-", ".", "42", "1e400", new string('9', 400), " ", "\u0000", "\u202e", "🙂", "env.X"];
        var random = new Random(20261201);
        var parsed = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 60)).Select(_ => tokens[random.Next(tokens.Length)]));
            Expression expression;
            try
            {
                expression = ExpressionParser.Parse(text, ExpressionLimits.Default);
            }
            catch (FormatException)
            {
                continue;
            }

            parsed++;
            _ = Expression.IsTruthy(expression.Evaluate(Scope));
            Assert.NotNull(expression.Paths().ToList());
        }

        Assert.InRange(parsed, 1, 19_999); // the soup holds both kinds
    }

    [Fact]
    public void Parse_NumberTooLargeForADouble_IsRefusedNotInfinity() =>
        Assert.Throws<FormatException>(() => ExpressionParser.Parse(new string('9', 400), ExpressionLimits.Default));

    [Fact]
    public void Resolve_WholeValueExpression_KeepsItsJsonType()
    {
        var resolved = Template.Resolve(new JsonObject { ["ids"] = "${{ parameters.ids }}", ["text"] = "n=${{ parameters.n }} of ${{ parameters.name }}" }, Scope, ExpressionLimits.Default)!;

        Assert.Equal(["a", "b"], resolved["ids"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("n=2 of x", resolved["text"]!.GetValue<string>());
    }
}
