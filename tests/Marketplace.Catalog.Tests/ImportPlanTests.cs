using Marketplace.Catalog.Importing;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Tests;

public sealed class ImportPlanTests
{
    private static CatalogEntry Entry(string path, ArtifactType type = ArtifactType.Command, CatalogEntryStatus status = CatalogEntryStatus.New) =>
        new()
        {
            Id = Guid.NewGuid(), Name = path.Split('/')[^1], Key = path, Path = path, ArtifactType = type, Status = status,
            Plugin = type == ArtifactType.Plugin ? null : PluginAbove(path),
        };

    /// <summary>The plugin a scan would give: the first folder below <c>plugins/</c>, or the top folder.</summary>
    private static string? PluginAbove(string path) =>
        path.StartsWith("plugins/", StringComparison.Ordinal) ? path.Split('/')[1] : path.Contains('/') ? path.Split('/')[0] : null;

    public static TheoryData<string[], string[], string[]> Plans => new()
    {
        // requested, the source's other entries, the planned order
        { ["commands/a.md", "commands/b.md"], [], ["commands/a.md", "commands/b.md"] },
        { ["p:plugins/x"], ["plugins/x/skills/s", "plugins/x/agents/a.md", "plugins/y/commands/c.md", "plugins/xx/commands/d.md"],
            ["plugins/x/agents/a.md", "plugins/x/skills/s", "plugins/x"] },
        { ["p:plugins/x", "plugins/x/agents/a.md"], ["plugins/x/agents/a.md"], ["plugins/x/agents/a.md", "plugins/x"] },
        { ["plugins/x/agents/a.md", "p:plugins/x"], ["plugins/x/agents/a.md"], ["plugins/x/agents/a.md", "plugins/x"] },
        { ["p:plugins/x"], ["plugins/x/excluded.md!", "plugins/x/removed.md?", "p:plugins/x/inner"], ["plugins/x"] },
        { ["p:a", "p:b"], ["a/shared.md"], ["a/shared.md", "a", "b"] },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void Build_Requested_OrdersChildrenBeforeTheirComposite(string[] requested, string[] others, string[] expected)
    {
        var all = new Dictionary<string, CatalogEntry>();
        CatalogEntry Parse(string spec) => all.TryGetValue(spec, out var known) ? known : all[spec] = spec switch
        {
            _ when spec.StartsWith("p:", StringComparison.Ordinal) => Entry(spec[2..], ArtifactType.Plugin),
            _ when spec.EndsWith('!') => Entry(spec[..^1], status: CatalogEntryStatus.Excluded),
            _ when spec.EndsWith('?') => Entry(spec[..^1], status: CatalogEntryStatus.Removed),
            _ => Entry(spec),
        };
        var wanted = requested.Select(Parse).ToList();
        var source = wanted.Concat(others.Select(Parse)).Distinct().ToList();

        var (order, children) = ImportPlan.Build(wanted, source);

        Assert.Equal(expected, order.Select(e => e.Path));
        Assert.Equal(order.Count, order.Select(e => e.Id).Distinct().Count());
        foreach (var plugin in wanted.Where(e => e.ArtifactType == ArtifactType.Plugin))
        {
            Assert.All(children[plugin.Id], id => Assert.True(order.FindIndex(e => e.Id == id) < order.FindIndex(e => e.Id == plugin.Id)));
        }
    }
}
