using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// Conflict resolution on the artifact's identity (<see cref="ArtifactIdentity"/>, DESIGN §5a): an entry imported
/// before becomes its own artifact again (skip reports it skipped); another artifact with the same identity is a true
/// collision, skipped or overwritten in place, or renamed to the first <c>name-N</c> that neither the table nor this
/// batch has taken; a skipped or renamed entry names the artifact it collided with. Pure but for
/// <c>keysStartingWith</c>, the one read.
/// </summary>
internal static class ArtifactKeyResolver
{
    public static async Task<EntryOutcome> ResolveAsync(
        BatchState state, CatalogEntry entry, ConflictStrategy strategy, string ns,
            Func<string, Task<IReadOnlySet<string>>> keysStartingWith, DateTimeOffset now)
    {
        if (entry.ImportedArtifactId is { } ownId && state.ById.TryGetValue(ownId, out var own))
        {
            // Importing the same entry again updates what it imported before: never a second row.
            return strategy == ConflictStrategy.Skip ? new EntryOutcome(ImportOutcome.Skipped, own,
                "Already imported.") : new EntryOutcome(ImportOutcome.Imported, own, null);
        }

        var key = ArtifactIdentity.Key(entry.ArtifactType, entry.Plugin, entry.Name, ns);
        if (state.ByKey.TryGetValue(key, out var existing))
        {
            switch (strategy)
            {
                case ConflictStrategy.Skip:
                    return new EntryOutcome(ImportOutcome.Skipped, existing, $"'{key}' already exists.", existing.Key);
                case ConflictStrategy.Overwrite:
                    return new EntryOutcome(ImportOutcome.Imported, existing, null);
                default:
                    var taken = await keysStartingWith(Stem(key, ns) + "-");
                    var name = FreeName(entry, ns, taken, state);
                    return new EntryOutcome(ImportOutcome.Imported, state.Add(entry, name, ns, now), null, existing.Key);
            }
        }

        return new EntryOutcome(ImportOutcome.Imported, state.Add(entry, entry.Name, ns, now), null);
    }

    /// <summary><c>name-1</c>, <c>name-2</c>, …: the first suffix neither <paramref name="taken"/> nor the batch has.</summary>
    public static string FreeName(CatalogEntry entry, string ns, IReadOnlySet<string> taken, BatchState state)
    {
        for (var n = 1; ; n++)
        {
            var candidate = $"{entry.Name}-{n}";
            var key = ArtifactIdentity.Key(entry.ArtifactType, entry.Plugin, candidate, ns);
            if (!taken.Contains(key) && !state.ByKey.ContainsKey(key))
            {
                return candidate;
            }
        }
    }

    /// <summary>The key without its <c>@namespace</c> end: what every renamed key of this identity starts with.</summary>
    private static string Stem(string key, string ns) => key[..^(ns.Length + 1)];
}
