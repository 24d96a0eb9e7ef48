using Marketplace.Catalog.Importing;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Tests;

public sealed class ConflictResolutionTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private const string Ns = "acme";

    private static Artifact Existing(string name) =>
        new() { Id = Guid.NewGuid(), Key = ArtifactIdentity.Key(ArtifactType.Command, null, name, Ns), Type = ArtifactType.Command, Name = name };

    private static CatalogEntry Entry(string name, Guid? importedAs = null) =>
        new()
        {
            Id = Guid.NewGuid(), Name = name, Key = ArtifactIdentity.Key(ArtifactType.Command, null, name, Ns), Path = $"commands/{name}.md",
            ArtifactType = ArtifactType.Command, ImportedArtifactId = importedAs,
        };

    private static Func<string, Task<IReadOnlySet<string>>> Taken(params string[] keys) =>
        prefix => Task.FromResult<IReadOnlySet<string>>(keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal));

    public static TheoryData<ConflictStrategy, string[], string[], string, ImportOutcome, string, bool> Cases => new()
    {
        // strategy, existing artifacts, other taken keys, entry name → outcome, key, a new artifact?
        { ConflictStrategy.Skip, [], [], "tool", ImportOutcome.Imported, "command:tool@acme", true },
        { ConflictStrategy.Skip, ["tool"], [], "tool", ImportOutcome.Skipped, "command:tool@acme", false },
        { ConflictStrategy.Overwrite, ["tool"], [], "tool", ImportOutcome.Imported, "command:tool@acme", false },
        { ConflictStrategy.Rename, ["tool"], [], "tool", ImportOutcome.Imported, "command:tool-1@acme", true },
        { ConflictStrategy.Rename, ["tool"], ["command:tool-1@acme", "command:tool-2@acme"], "tool", ImportOutcome.Imported, "command:tool-3@acme", true },
        { ConflictStrategy.Rename, ["tool"], ["command:tool-2@acme"], "tool", ImportOutcome.Imported, "command:tool-1@acme", true },
        { ConflictStrategy.Rename, ["tool"], ["command:tool-10@acme", "command:tool-1@other"], "tool", ImportOutcome.Imported, "command:tool-1@acme", true },
        { ConflictStrategy.Rename, [], [], "tool", ImportOutcome.Imported, "command:tool@acme", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Resolve_Strategy_ChoosesTheKey(ConflictStrategy strategy, string[] existing, string[] taken, string name, ImportOutcome outcome, string key, bool added)
    {
        var state = new BatchState([.. existing.Select(Existing)]);

        var result = await ArtifactKeyResolver.ResolveAsync(state, Entry(name), strategy, Ns, Taken(taken), Now);

        Assert.Equal((outcome, key), (result.Outcome, result.Artifact!.Key));
        Assert.Equal(added, state.Inserts.Artifacts.Contains(result.Artifact));
    }

    [Theory]
    [InlineData(ConflictStrategy.Skip, ImportOutcome.Skipped)]
    [InlineData(ConflictStrategy.Overwrite, ImportOutcome.Imported)]
    [InlineData(ConflictStrategy.Rename, ImportOutcome.Imported)]
    public async Task Resolve_EntryImportedBefore_IsItsOwnArtifactAgain(ConflictStrategy strategy, ImportOutcome outcome)
    {
        var own = Existing("tool-1"); // a rename earlier made it tool-1
        var state = new BatchState([own, Existing("tool")]);

        var result = await ArtifactKeyResolver.ResolveAsync(state, Entry("tool", importedAs: own.Id), strategy, Ns, Taken(), Now);

        Assert.Equal((outcome, own.Id), (result.Outcome, result.Artifact!.Id));
        Assert.Empty(state.Inserts.Artifacts);
    }

    [Fact]
    public async Task Resolve_TwoRenamesInOneBatch_TakeSuccessiveSuffixes()
    {
        var state = new BatchState([Existing("tool")]);

        var first = await ArtifactKeyResolver.ResolveAsync(state, Entry("tool"), ConflictStrategy.Rename, Ns, Taken(), Now);
        var second = await ArtifactKeyResolver.ResolveAsync(state, Entry("tool"), ConflictStrategy.Rename, Ns, Taken(), Now);
        var third = await ArtifactKeyResolver.ResolveAsync(state, Entry("tool"), ConflictStrategy.Skip, Ns, Taken(), Now);

        Assert.Equal(["command:tool-1@acme", "command:tool-2@acme"], new[] { first.Artifact!.Key, second.Artifact!.Key });
        Assert.Equal(ImportOutcome.Skipped, third.Outcome);
        Assert.Equal(["command:tool@acme", "command:tool@acme", "command:tool@acme"], new[] { first.CollidedWith, second.CollidedWith,
            third.CollidedWith });
    }

    [Fact]
    public async Task Resolve_SameNameInAnotherPluginOrNamespace_IsNoCollision()
    {
        var state = new BatchState([Existing("tool")]);
        var entry = Entry("tool");
        entry.Plugin = "git-toolkit";

        var other = await ArtifactKeyResolver.ResolveAsync(state, Entry("tool"), ConflictStrategy.Skip, "elsewhere", Taken(), Now);
        var inPlugin = await ArtifactKeyResolver.ResolveAsync(state, entry, ConflictStrategy.Skip, Ns, Taken(), Now);

        Assert.Equal((ImportOutcome.Imported, "command:tool@elsewhere", null), (other.Outcome, other.Artifact!.Key, other.CollidedWith));
        Assert.Equal((ImportOutcome.Imported, "command:git-toolkit:tool@acme"), (inPlugin.Outcome, inPlugin.Artifact!.Key));
    }
}
