using System.Text;
using Marketplace.Catalog.Sources;

namespace Marketplace.Catalog.Tests;

public sealed class SourceJsonTests
{
    private static readonly JsonDocumentLimits Limits = new() { MaxBytes = 100, MaxDepth = 4 };

    [Theory]
    [InlineData("{\"a\":[[[1]]]}", null)]
    [InlineData("{\"a\":[[[[1]]]]}", "Sources:Json:MaxDepth (4)")]
    [InlineData("{\"a\":\"" + "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" + "\"}", "Sources:Json:MaxBytes (100)")]
    [InlineData("{\"a\":", "not valid JSON")]
    [InlineData("{\"a\":1, /* a comment */ \"b\":2,}", null)]
    [InlineData("{\"name\":\"\\ud800\"}", "not valid Unicode")]
    [InlineData("{\"\\udc00\":1}", "not valid Unicode")]
    public void Parse_AtAndBeyondItsLimits_NamesTheLimit(string json, string? problem)
    {
        var parse = () => SourceJson.Parse(Encoding.UTF8.GetBytes(json), "plugin.json", Limits);

        if (problem is null)
        {
            Assert.NotNull(parse());
        }
        else
        {
            var error = Assert.Throws<ArtifactContentException>(parse);
            Assert.Contains(problem, error.Message, StringComparison.Ordinal);
            Assert.Contains("'plugin.json'", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_NestedHundredThousandLevels_StopsAtTheDefaultDepth()
    {
        var deep = Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000));

        var error = Assert.Throws<ArtifactContentException>(() => SourceJson.Parse(deep, "x.json", new JsonDocumentLimits()));

        Assert.Contains("Sources:Json:MaxDepth (64)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateServer_IsRefusedByName()
    {
        var json = Encoding.UTF8.GetBytes("{\"mcpServers\":{\"a\":{},\"a\":{}}}");

        var error = Assert.Throws<ArtifactContentException>(() => SourceJson.Parse(json, ".mcp.json", new JsonDocumentLimits()));

        Assert.Contains("Duplicate", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
