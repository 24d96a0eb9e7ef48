using Marketplace.Catalog.Sources;

namespace Marketplace.Catalog.Tests;

public sealed class FrontMatterTests
{
    private static readonly FrontMatterLimits Small = new() { MaxBytes = 200, MaxDepth = 3, MaxNodes = 20, MaxAliases = 2 };

    public static TheoryData<string, string?, string?, string[]> Documents => new()
    {
        { "no front matter", null, null, [] },
        { "---\nname: x\nno closing fence", null, null, [] },
        { "---\nname: csv\ndescription: Cleans CSV.\n---\nbody", "csv", "Cleans CSV.", [] },
        { "---\nname: \"  spaced  \"\ntags: [a, b]\n---\n", "spaced", null, ["a", "b"] },
        { "---\ntags: a, b ,c\n---\n", null, null, ["a", "b", "c"] },
        { "---\nname: ~\ndescription: null\n---\n", null, null, [] },
        { "---\nname: 'null'\n---\n", "null", null, [] },
        { "---\nname: &n shared\ndescription: *n\n---\n", "shared", "shared", [] },
        { "---\nlist: &t [x, y]\ntags: *t\n---\n", null, null, ["x", "y"] },
        { "---\nname: n\nauthor: { name: nested }\nlicense: MIT\n---\n", "n", null, [] },
        { "---\n- a\n- b\n---\n", null, null, [] },
        { "---\nname: \"\\u202e\\u0000evil\"\ndescription: \"line\\nbreak\\u0007\"\n---\n", "evil", "line\nbreak", [] },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Parse_Document_ReadsTopLevelFields(string markdown, string? name, string? description, string[] tags)
    {
        var front = FrontMatter.Parse(markdown);

        Assert.Equal((name, description), (front.Name, front.Description));
        Assert.Equal(tags, front.Tags);
        Assert.Null(front.Problem);
    }

    [Theory]
    [InlineData("---\na: [[[x]]]\n---\n", "MaxDepth (3)")]
    [InlineData("---\na: [[x]]\n---\n", null)]
    [InlineData("---\ntags: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]\n---\n", "MaxNodes (20)")]
    [InlineData("---\na: &a x\nb: *a\nc: *a\n---\n", null)]
    [InlineData("---\na: &a x\nb: *a\nc: *a\nd: *a\n---\n", "MaxAliases (2)")]
    [InlineData("---\nname: [unclosed\n---\n", "not valid YAML")]
    [InlineData("---\nname: \"\\ud800x\"\n---\n", "not valid YAML")]
    public void Parse_AtAndBeyondItsLimits_NamesTheLimit(string markdown, string? problem)
    {
        var front = FrontMatter.Parse(markdown, Small);

        if (problem is null)
        {
            Assert.Null(front.Problem);
        }
        else
        {
            Assert.Contains(problem, front.Problem, StringComparison.Ordinal);
            Assert.Null(front.Name);
        }
    }

    [Fact]
    public void Parse_LargerThanMaxBytes_NamesTheLimitWithoutParsing()
    {
        var front = FrontMatter.Parse("---\n" + string.Concat(Enumerable.Repeat("k: v\n", 100)) + "---\n", Small);

        Assert.Contains("Sources:FrontMatter:MaxBytes (200)", front.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestedTwentyThousandLevels_StopsAtTheDepthLimit()
    {
        var deep = "---\na: " + new string('[', 20_000) + new string(']', 20_000) + "\n---\n";

        var front = FrontMatter.Parse(deep, new FrontMatterLimits { MaxBytes = 1 << 20 });

        Assert.Contains("Sources:FrontMatter:MaxDepth (16)", front.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AliasBomb_IsRefusedWithoutExpanding()
    {
        var lines = new List<string> { "a: &a [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 12; i++) // 110 aliases that would expand to 10^12 nodes
        {
            lines.Add($"{(char)('a' + i)}: &{(char)('a' + i)} [" + string.Join(", ", Enumerable.Repeat($"*{(char)('a' + i - 1)}", 10)) + "]");
        }

        var front = FrontMatter.Parse("---\n" + string.Join('\n', lines) + "\n---\n");

        Assert.Contains("Sources:FrontMatter:MaxAliases (100)", front.Problem, StringComparison.Ordinal);
    }
}
