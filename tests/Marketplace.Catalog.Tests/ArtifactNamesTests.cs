using Marketplace.Catalog.Sources;

namespace Marketplace.Catalog.Tests;

public sealed class ArtifactNamesTests
{
    [Theory]
    [InlineData("csv-cleaner", "csv-cleaner")]
    [InlineData("My Skill", "My Skill")] // a usable name is kept as it is
    [InlineData("Building CI/CD Pipelines", "Building CI-CD Pipelines")]
    [InlineData("a:b\\c", "a-b-c")]
    [InlineData("\u202e\u0000nul", "nul")]
    [InlineData("zero\u200bwidth", "zerowidth")]
    [InlineData("line\nbreak", "linebreak")]
    [InlineData("  padded  ", "padded")]
    [InlineData("..\u0000", "fallback")]
    [InlineData("/", "fallback")]
    [InlineData("", "fallback")]
    [InlineData(null, "fallback")]
    [InlineData("---x---", "---x---")]
    [InlineData("日本語", "日本語")]
    public void Slug_Name_IsUsableKeyName(string? name, string expected)
    {
        var slug = ArtifactNames.Slug(name, "fallback");

        Assert.Equal(expected, slug);
        Assert.Null(ArtifactNames.Problem(slug));
    }

    [Fact]
    public void Slug_NoFallback_IsUnnamed() => Assert.Equal("unnamed", ArtifactNames.Slug("\u0000"));

    [Fact]
    public void Slug_LongerThanTheKey_IsCutWithoutSplittingASurrogatePair()
    {
        var name = new string('a', 199) + "😀😀:";

        var slug = ArtifactNames.Slug(name);

        Assert.True(slug.Length <= ArtifactNames.MaxLength);
        Assert.Null(ArtifactNames.Problem(slug));
        Assert.Equal(new string('a', 199), slug);
    }

    [Theory]
    [InlineData("ok", null)]
    [InlineData("a/b", "'/'")]
    [InlineData("bidi\u202e", "bidirectional")]
    [InlineData("..", "only dots")]
    [InlineData(" x", "spaces")]
    public void Problem_Name_SaysWhy(string name, string? mentions)
    {
        var problem = ArtifactNames.Problem(name);

        if (mentions is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(mentions, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Slug_RandomStrings_AlwaysGiveUsableNames()
    {
        var random = new Random(1212);
        for (var i = 0; i < 5000; i++)
        {
            var chars = Enumerable.Range(0, random.Next(0, 300)).Select(_ => (char)random.Next(0, 0x3000)).ToArray();
            var slug = ArtifactNames.Slug(new string(chars), "folder");
            Assert.True(ArtifactNames.Problem(slug) is null, $"'{SafeText.Escape(slug)}': {ArtifactNames.Problem(slug)}");
        }
    }
}
