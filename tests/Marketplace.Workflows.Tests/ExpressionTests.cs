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

    [Fact]
    public void Resolve_WholeValueExpression_KeepsItsJsonType()
    {
        var resolved = Template.Resolve(new JsonObject { ["ids"] = "${{ parameters.ids }}", ["text"] = "n=${{ parameters.n }} of ${{ parameters.name }}" }, Scope, ExpressionLimits.Default)!;

        Assert.Equal(["a", "b"], resolved["ids"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("n=2 of x", resolved["text"]!.GetValue<string>());
    }
}
