using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// Conflict resolution on the <c>type:name</c> key (DESIGN §5): an entry imported before becomes its own artifact
/// again (skip reports it skipped); a key that exists is skipped or overwritten in place; rename takes the first
/// <c>name-N</c> that neither the table nor this batch has taken. Pure but for <c>keysStartingWith</c>, the one read.
/// </summary>
internal static class ArtifactKeyResolver
{
    public static async Task<EntryOutcome> ResolveAsync(
        BatchState state, CatalogEntry entry, ConflictStrategy strategy, Func<string, Task<IReadOnlySet<string>>> keysStartingWith,
            DateTimeOffset now)
    {
        var key = Artifact.KeyOf(entry.ArtifactType, entry.Name);
        if (entry.ImportedArtifactId is { } ownId && state.ById.TryGetValue(ownId, out var own))
        {
            // Importing the same entry again updates what it imported before: never a second row.
            return strategy == ConflictStrategy.Skip ? new EntryOutcome(ImportOutcome.Skipped, own,
                "Already imported.") : new EntryOutcome(ImportOutcome.Imported, own, null);
        }

        if (state.ByKey.TryGetValue(key, out var existing))
        {
            switch (strategy)
            {
                case ConflictStrategy.Skip:
                    return new EntryOutcome(ImportOutcome.Skipped, existing, $"'{key}' already exists.");
                case ConflictStrategy.Overwrite:
                    return new EntryOutcome(ImportOutcome.Imported, existing, null);
                default:
                    var taken = await keysStartingWith(key + "-");
                    return new EntryOutcome(ImportOutcome.Imported, state.Add(entry.ArtifactType, FreeName(entry.ArtifactType,
                        entry.Name, taken, state), now), null);
            }
        }

        return new EntryOutcome(ImportOutcome.Imported, state.Add(entry.ArtifactType, entry.Name, now), null);
    }

    /// <summary><c>name-1</c>, <c>name-2</c>, …: the first suffix neither <paramref name="taken"/> nor the batch has.</summary>
    public static string FreeName(ArtifactType type, string name, IReadOnlySet<string> taken, BatchState state)
    {
        var prefix = Artifact.KeyOf(type, name) + "-";
        var n = 1;
        while (taken.Contains(prefix + n) || state.ByKey.ContainsKey(prefix + n))
        {
            n++;
        }

        return $"{name}-{n}";
    }
}
