using Marketplace.Data;
using Marketplace.Workflows.Definitions;

namespace Marketplace.Workflows.Tests;

/// <summary>The YAML limits, checked on the event stream before any model is built: each at and just past its value.</summary>
public sealed class YamlLoaderTests
{
    private static readonly WorkflowLimits Small = new() { MaxYamlDepth = 8, MaxYamlNodes = 100, MaxDefinitionChars = 2000 };

    [Theory]
    [InlineData(7, true)] // the root mapping is level 1
    [InlineData(8, false)]
    public void Load_NestedToTheDepthLimit_LoadsAndOneDeeperIsRefused(int mappings, bool loads) =>
        Expect("a: " + string.Concat(Enumerable.Repeat("{ a: ", mappings)) + "1" + new string('}', mappings), loads, "MaxYamlDepth");

    [Theory]
    [InlineData(96, true)] // the root, the key 'a', the sequence and its items: 3 + 97 = 100
    [InlineData(97, false)]
    public void Load_ValuesUpToTheNodeLimit_LoadsAndOneMoreIsRefused(int items, bool loads) =>
        Expect("a: [" + string.Join(',', Enumerable.Repeat('0', items + 1)) + "]", loads, "MaxYamlNodes");

    [Theory]
    [InlineData(", 0", true)]
    [InlineData(", 0, 0", false)]
    public void Load_AliasesCountAsWhatTheyExpandTo(string extra, bool loads)
    {
        // root, 'x', the anchored list (19 nodes), 'y', its sequence, four aliases of 19 each and one zero: 4 + 5 × 19 + 1 = 100
        var yaml = "x: &l [" + string.Join(',', Enumerable.Repeat('0', 18)) + "]\ny: [*l, *l, *l, *l" + extra + "]";
        Expect(yaml, loads, "MaxYamlNodes");
    }

    [Fact]
    public void Load_AliasPlacedDeep_CountsTheLevelsItBrings()
    {
        Expect("x: &d { a: { a: { a: 1 } } }\ny: { a: { a: { a: { a: *d } } } }", loads: true, "MaxYamlDepth"); // 1 + 4 + 3 = 8
        Expect("x: &d { a: { a: { a: 1 } } }\ny: { a: { a: { a: { a: { a: *d } } } } }", loads: false, "MaxYamlDepth");
    }

    [Theory]
    [InlineData("a: &x [ 1, *x ]")]
    [InlineData("a: &x { b: *x }")]
    [InlineData("a: &x [1]\nb: &x [ *x ]")] // the name now means the node still open, not the one before
    [InlineData("a: *nope")]
    public void Load_AliasToANodeNotCompleteBeforeIt_IsRefused(string yaml)
    {
        var error = Assert.Throws<RequestValidationException>(() => YamlLoader.Load(yaml, Small));
        Assert.Contains(error.Errors["yaml"], m => m.Contains("Not valid YAML", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_AtTheLengthLimit_LoadsAndOneCharacterMoreIsRefused()
    {
        var yaml = "a: '" + new string('x', 2000 - 5) + "'";
        Assert.Equal(2000, yaml.Length);
        Expect(yaml, loads: true, "MaxDefinitionChars");
        Expect(yaml + " ", loads: false, "MaxDefinitionChars");
    }

    [Fact]
    public void Load_TwentyThousandLevels_IsRefusedWithoutBuildingAnything() =>
        Expect("a: " + string.Concat(Enumerable.Repeat("{a: ", 20_000)) + "1" + new string('}', 20_000), loads: false, "MaxYamlDepth",
            new WorkflowLimits());

    private static void Expect(string yaml, bool loads, string limit, WorkflowLimits? limits = null)
    {
        limits ??= Small;
        if (loads)
        {
            Assert.NotNull(YamlLoader.Load(yaml, limits));
            return;
        }

        var error = Assert.Throws<RequestValidationException>(() => YamlLoader.Load(yaml, limits));
        Assert.Contains(error.Errors["yaml"], m => m.Contains($"Workflows:Limits:{limit}", StringComparison.Ordinal));
    }
}
