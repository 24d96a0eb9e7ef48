using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>The artifacts a batch has seen or added, by key and by id, and the rows it will append.</summary>
internal sealed class BatchState
{
    public BatchState(List<Artifact> known)
    {
        ByKey = known.ToDictionary(a => a.Key, StringComparer.Ordinal);
        ById = known.ToDictionary(a => a.Id);
        Preexisting = [.. ById.Keys];
    }

    public Dictionary<string, Artifact> ByKey { get; }
    public Dictionary<Guid, Artifact> ById { get; }
    public HashSet<Guid> Preexisting { get; }
    public BatchInserts Inserts { get; } = new();

    /// <summary>A new artifact for <paramref name="entry"/> named <paramref name="name"/> (its own name, or a rename).</summary>
    public Artifact Add(CatalogEntry entry, string name, string ns, DateTimeOffset now)
    {
        var plugin = entry.ArtifactType == ArtifactType.Plugin ? null : entry.Plugin;
        var artifact = new Artifact
        {
            Id = Guid.CreateVersion7(now), Key = ArtifactIdentity.Key(entry.ArtifactType, plugin, name, ns), Type = entry.ArtifactType,
            Name = name, DisplayName = entry.DisplayName, Plugin = plugin, Namespace = ns, CreatedAt = now,
        };
        Inserts.Artifacts.Add(artifact);
        ByKey[artifact.Key] = artifact;
        ById[artifact.Id] = artifact;
        return artifact;
    }
}
