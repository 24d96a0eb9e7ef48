using Marketplace.Data.Model;
using Marketplace.Data.Storage;
using Marketplace.Data.WriteUnits;

namespace Marketplace.Bench;

/// <summary>
/// Grows one source's catalog and the default collection row by row number, straight through the write units (one
/// multi-row insert per table and unit, <see cref="UnitRows"/> rows a unit), never one HTTP call per row. Row i is a
/// catalog entry of type <c>i % 6</c> at <c>{type}/scale-{i}.md</c> and an artifact <c>{type}:scale-{i}@{ns}</c> in the
/// default collection; six entries in ten are imported (linked to their artifact), two new, one updated, one excluded.
/// </summary>
internal sealed class ScaleData(IWriteUnitRunner writes, Guid sourceId, string ns)
{
    private const int UnitRows = 2000;
    private static readonly ArtifactType[] Types =
        [ArtifactType.Skill, ArtifactType.Command, ArtifactType.Agent, ArtifactType.Hook, ArtifactType.McpServer, ArtifactType.Plugin];

    /// <summary>Rows written so far.</summary>
    public int Count { get; private set; }

    /// <summary>Entries sampled for edits (a fixed stride, so every size samples the whole range).</summary>
    public List<Guid> EntrySample { get; } = [];

    public static string Name(int i) => $"scale-{i:D7}";

    public static ArtifactType TypeOf(int i) => Types[i % Types.Length];

    public static CatalogEntryStatus StatusOf(int i) => (i % 10) switch
    {
        < 6 => CatalogEntryStatus.Imported,
        < 8 => CatalogEntryStatus.New,
        8 => CatalogEntryStatus.Updated,
        _ => CatalogEntryStatus.Excluded,
    };

    public string KeyOf(int i) => ArtifactIdentity.Key(TypeOf(i), null, Name(i), ns);

    public async Task GrowToAsync(int rows, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        while (Count < rows)
        {
            var from = Count;
            var to = Math.Min(rows, from + UnitRows);
            var (entries, artifacts, members) = Build(from, to, now);
            await writes.ExecuteAsync(async (db, ct) =>
            {
                await MultiRowInsert.InsertAsync(db, artifacts, ct);
                await MultiRowInsert.InsertAsync(db, members, ct);
                await MultiRowInsert.InsertAsync(db, entries, ct);
                return true;
            }, WriteUnitPriority.Bulk, cancellationToken);
            EntrySample.AddRange(entries.Where((_, k) => (from + k) % 97 == 0).Select(e => e.Id));
            Count = to;
        }
    }

    private (List<CatalogEntry>, List<Artifact>, List<CollectionArtifact>) Build(int from, int to, DateTimeOffset now)
    {
        var (entries, artifacts, members) = (new List<CatalogEntry>(), new List<Artifact>(), new List<CollectionArtifact>());
        for (var i = from; i < to; i++)
        {
            var (type, name, status) = (TypeOf(i), Name(i), StatusOf(i));
            var artifact = new Artifact
            {
                Id = Guid.NewGuid(), Key = KeyOf(i), Type = type, Name = name, Namespace = ns,
                SourceUrl = $"https://bench.test/scale/{name}", CreatedAt = now, UpdatedAt = now,
            };
            artifacts.Add(artifact);
            members.Add(new CollectionArtifact
            {
                CollectionId = Collection.DefaultId, ArtifactId = artifact.Id, Description = $"Artifact {i} of the scale bench.",
                Version = "1.0.0", Origin = $"https://bench.test/scale#{name}", AddedAt = now, SyncedAt = now,
            });
            entries.Add(new CatalogEntry
            {
                Id = Guid.NewGuid(), SourceId = sourceId, ArtifactType = type, Name = name, Key = artifact.Key,
                Path = $"{WireName.Of(type)}/{name}.md",
                DetectedVersion = "1.0.0", Status = status, Description = $"Entry {i} of the scale bench.", Tags = ["bench"],
                ImportedArtifactId = status == CatalogEntryStatus.Imported ? artifact.Id : null,
                ImportedAt = status == CatalogEntryStatus.Imported ? now : null,
                ExcludedReason = status == CatalogEntryStatus.Excluded ? "bench" : null, CreatedAt = now, UpdatedAt = now,
            });
        }

        return (entries, artifacts, members);
    }
}
