using Marketplace.Catalog.Sources;
using Marketplace.Data;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// Writes what a batch's imported entries carry: each artifact's collection row, tags, content-addressed files and,
/// for a composite, its members. Artifacts that existed before the batch have their dependents replaced, one
/// statement per table. Rows to append go to <see cref="BatchState.Inserts"/>.
/// </summary>
internal static class ImportContentWriter
{
    public static async Task WriteAsync(MarketplaceDbContext db, ImportContext import, BatchState state,
        List<(PreparedEntry Prepared, CatalogEntry Entry, Artifact Artifact)> imported, DateTimeOffset now, CancellationToken ct)
    {
        if (imported.Count == 0)
        {
            return;
        }

        // Artifacts that existed before this batch may carry tags, files and members to replace; one statement per table.
        var replaced = imported.Select(i => i.Artifact.Id).Where(state.Preexisting.Contains).Distinct().ToList();
        var rows = new Dictionary<Guid, CollectionArtifact>();
        var composites = new Dictionary<Guid, CompositeArtifact>();
        if (replaced.Count > 0)
        {
            await db.ArtifactTags.Where(t => replaced.Contains(t.ArtifactId)).ExecuteDeleteAsync(ct);
            await db.ArtifactFiles.Where(f => replaced.Contains(f.ArtifactId)).ExecuteDeleteAsync(ct);
            await db.CompositeMemberships.Where(m => replaced.Contains(m.CompositeId)).ExecuteDeleteAsync(ct);
            rows = await db.CollectionArtifacts.Where(c => c.CollectionId == Collection.DefaultId
                && replaced.Contains(c.ArtifactId)).ToDictionaryAsync(c => c.ArtifactId, ct);
            composites = await db.CompositeArtifacts.Where(c => replaced.Contains(c.ArtifactId)).ToDictionaryAsync(c => c.ArtifactId, ct);
        }

        var tags = await LoadTagsAsync(db, imported.SelectMany(i => TagNames(i.Entry, i.Prepared)), ct);
        var blobs = await StoredBlobsAsync(db, imported.SelectMany(i => i.Prepared.Content.Files), ct);
        var childArtifacts = await ChildArtifactsAsync(db, imported, ct);
        var written = new HashSet<Guid>(); // an artifact two entries of one batch resolve to is written once, by the last
        foreach (var (prepared, entry, artifact) in Enumerable.Reverse(imported))
        {
            if (!written.Add(artifact.Id))
            {
                continue;
            }

            var content = prepared.Content;
            artifact.SourceUrl = entry.UpstreamUrl ?? import.Source.RepoUrl;
            artifact.ContentHash = content.Files.Count > 0 ? content.Hash : entry.DetectedSha;
            artifact.DisplayName = entry.DisplayName;
            artifact.UpdatedAt = now;
            WriteCollectionRow(state.Inserts, rows, import, entry, artifact, prepared, now);
            state.Inserts.Tags.AddRange(TagNames(entry, prepared).Select(n => new ArtifactTag { ArtifactId = artifact.Id, Tag = tags[n] }));
            foreach (var file in content.Files)
            {
                // Content-addressed: a file identical to one already stored (here or in any artifact) is stored once.
                if (blobs.Add(file.Sha256))
                {
                    state.Inserts.Blobs.Add(new ContentBlob { Sha256 = file.Sha256, Size = file.Bytes.Length, Content = file.Bytes });
                }

                state.Inserts.Files.Add(new ArtifactFile { ArtifactId = artifact.Id, RelativePath = file.RelativePath,
                    BlobSha256 = file.Sha256, Size = file.Bytes.Length });
            }

            if (entry.ArtifactType == ArtifactType.Plugin)
            {
                WriteComposite(state.Inserts, composites, artifact.Id, prepared, childArtifacts);
            }
        }
    }

    private static void WriteCollectionRow(BatchInserts inserts, Dictionary<Guid, CollectionArtifact> rows, ImportContext import,
        CatalogEntry entry, Artifact artifact, PreparedEntry prepared, DateTimeOffset now)
    {
        if (!rows.TryGetValue(artifact.Id, out var row))
        {
            row = new CollectionArtifact { CollectionId = Collection.DefaultId, ArtifactId = artifact.Id, AddedAt = now };
            inserts.CollectionRows.Add(row);
            rows[artifact.Id] = row;
        }

        var content = prepared.Content;
        row.Description = entry.Description ?? prepared.Metadata.Description;
        row.Author = prepared.Metadata.Author;
        row.License = prepared.Metadata.License;
        row.Version = entry.DetectedVersion ?? prepared.Metadata.Version;
        row.ResolvedSha = entry.Commit ?? import.Source.ResolvedCommit;
        row.ContentHash = artifact.ContentHash;
        row.StructureHash = content.Files.Count > 0 ? content.StructureHash : null;
        row.FileCount = content.Files.Count;
        row.TotalSize = content.TotalSize;
        row.Origin = $"{import.Source.RepoUrl}#{entry.Path}";
        row.SyncedAt = now;
    }

    /// <summary>Links a composite to its children that have been imported, in path order; a child that failed is left out.</summary>
    private static void WriteComposite(BatchInserts inserts, Dictionary<Guid, CompositeArtifact> composites, Guid compositeId,
        PreparedEntry prepared, Dictionary<Guid, Guid> childArtifacts)
    {
        if (!composites.TryGetValue(compositeId, out var composite))
        {
            composite = new CompositeArtifact { ArtifactId = compositeId };
            inserts.Composites.Add(composite);
            composites[compositeId] = composite;
        }

        var manifest = ArtifactMetadata.PluginManifestOf(prepared.Content);
        composite.Manifest = manifest is null ? null : System.Text.Encoding.UTF8.GetString(manifest.Bytes);
        var members = prepared.Children.Select((id, position) => (id, position))
            .Where(c => childArtifacts.TryGetValue(c.id, out var child) && child != compositeId)
            .Select(c => new CompositeMembership { CompositeId = compositeId, ChildArtifactId = childArtifacts[c.id],
                Position = c.position })
            .DistinctBy(m => m.ChildArtifactId)
            .ToList();
        inserts.Memberships.AddRange(members);
        composite.MemberCount = members.Count;
    }

    /// <summary>Artifact ids of composite children imported before this batch, or earlier in it.</summary>
    private static async Task<Dictionary<Guid, Guid>> ChildArtifactsAsync(
        MarketplaceDbContext db, List<(PreparedEntry Prepared, CatalogEntry Entry, Artifact Artifact)> imported, CancellationToken ct)
    {
        var children = imported.SelectMany(i => i.Prepared.Children).Distinct().ToList();
        var map = children.Count == 0
            ? []
            : await db.CatalogEntries.Where(e => children.Contains(e.Id) && e.ImportedArtifactId != null)
                .ToDictionaryAsync(e => e.Id, e => e.ImportedArtifactId!.Value, ct);
        // Children imported in this batch count too: they precede their composite in the plan.
        foreach (var (_, entry, artifact) in imported)
        {
            map[entry.Id] = artifact.Id;
        }

        return map;
    }

    private static IEnumerable<string> TagNames(CatalogEntry entry, PreparedEntry prepared) =>
        entry.Tags.Concat(prepared.Metadata.Tags).Select(t => t.Trim().ToLowerInvariant())
            .Where(t => t.Length is > 0 and <= 100).Distinct();

    /// <summary>Existing tags by name, plus new (tracked) ones for names not seen before; ids are assigned at save.</summary>
    private static async Task<Dictionary<string, Tag>> LoadTagsAsync(MarketplaceDbContext db, IEnumerable<string> names,
        CancellationToken ct)
    {
        var wanted = names.Distinct().ToList();
        var tags = wanted.Count == 0 ? [] : await db.Tags.Where(t => wanted.Contains(t.Name)).ToDictionaryAsync(t => t.Name,
            StringComparer.Ordinal, ct);
        foreach (var name in wanted.Where(n => !tags.ContainsKey(n)))
        {
            var tag = new Tag { Name = name };
            db.Tags.Add(tag);
            tags[name] = tag;
        }

        return tags;
    }

    private static async Task<HashSet<string>> StoredBlobsAsync(MarketplaceDbContext db, IEnumerable<ArtifactFileContent> files,
        CancellationToken ct)
    {
        var shas = files.Select(f => f.Sha256).Distinct().ToList();
        return shas.Count == 0
            ? new HashSet<string>(StringComparer.Ordinal)
            : (await db.ContentBlobs.Where(b => shas.Contains(b.Sha256)).Select(b => b.Sha256).ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal);
    }
}
