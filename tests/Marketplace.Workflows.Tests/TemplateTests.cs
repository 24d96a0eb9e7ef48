using System.Text.Json.Nodes;
using Marketplace.Workflows.Expressions;

namespace Marketplace.Workflows.Tests;

public sealed class TemplateTests
{
    private static readonly ExpressionScope Scope = new(
        new JsonObject { ["name"] = "x", ["n"] = 2, ["ids"] = new JsonArray("a", "b"), ["obj"] = new JsonObject { ["k"] = "v" } },
        new Dictionary<string, StageValues> { ["a"] = new("timed_out", new JsonObject { ["count"] = 3 }) });

    [Theory]
    [InlineData("${{ parameters.n }}", "2")]
    [InlineData("${{ parameters.ids }}", "[\"a\",\"b\"]")]
    [InlineData("${{parameters.obj}}", "{\"k\":\"v\"}")]
    [InlineData("${{ parameters.missing }}", null)]
    [InlineData("${{ stages.a.status == 'timed_out' }}", "true")]
    [InlineData("n=${{ parameters.n }}", "\"n=2\"")]
    [InlineData("${{ parameters.name }}-${{ stages.a.outputs.count }}", "\"x-3\"")]
    [InlineData("${{ parameters.obj }} as text", "\"{\\\"k\\\":\\\"v\\\"} as text\"")]
    [InlineData("${{ parameters.name }}}", "\"x}\"")]
    [InlineData("open ${{ parameters.name", "\"open ${{ parameters.name\"")]
    [InlineData("no expression", "\"no expression\"")]
    public void Resolve_Value_IsTheExpressionsWrittenIn(string value, string? json) =>
        Assert.Equal(json is null ? null : JsonNode.Parse(json)!.ToJsonString(), Template.Resolve(JsonValue.Create(value), Scope, ExpressionLimits.Default)?.ToJsonString());

    [Theory]
    [InlineData("${{ parameters.n }}", true)]
    [InlineData("  ${{ parameters.n }}", false)]
    [InlineData("${{ parameters.n }} ", false)]
    [InlineData("${{ a }}${{ b }}", false)]
    [InlineData("${{ unclosed", false)]
    public void IsSingleExpression_OnlyAWholeValue(string value, bool whole) => Assert.Equal(whole, Template.IsSingleExpression(value, out _));

    [Fact]
    public void Expressions_TextFullOfUnclosedPlaceholders_FindsNoneAndEndsAtOnce()
    {
        // Once a lazy regular expression: every '${{' scanned to the end of the text, quadratic in its length.
        var text = string.Concat(Enumerable.Repeat("${{", 300_000));

        Assert.Empty(Template.Expressions(text, ExpressionLimits.Default));
    }

    [Fact]
    public void Expressions_EachPlaceholder_ParsedOrItsErrorSaid()
    {
        var found = Template.Expressions("${{ parameters.n }} and ${{ nope }} and ${{ }}", ExpressionLimits.Default).ToList();

        Assert.Equal(["parameters.n", "nope", ""], found.Select(f => f.Text));
        Assert.NotNull(found[0].Parsed);
        Assert.Contains("unknown name 'nope'", found[1].Error, StringComparison.Ordinal);
        Assert.Contains("expected", found[2].Error, StringComparison.Ordinal);
    }
}
