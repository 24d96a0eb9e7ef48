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

    public Artifact Add(ArtifactType type, string name, DateTimeOffset now)
    {
        var artifact = new Artifact { Id = Guid.CreateVersion7(now), Key = Artifact.KeyOf(type, name), Type = type, Name = name,
            CreatedAt = now };
        Inserts.Artifacts.Add(artifact);
        ByKey[artifact.Key] = artifact;
        ById[artifact.Id] = artifact;
        return artifact;
    }
}
