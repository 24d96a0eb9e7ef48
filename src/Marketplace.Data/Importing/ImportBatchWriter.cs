using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Data.Importing;

/// <summary>
/// The database work of one batch, run inside one write unit: conflict resolution, artifact and collection
/// rows, tags, file content, composite memberships, catalog entry state, per-entry results, the batch row and
/// the job's counters. Each entry is saved before the next is resolved, so later entries of the same unit see
/// earlier ones (a rename picks <c>name-2</c> after <c>name-1</c> in the same batch).
/// The unit may be retried as a whole, so nothing here touches state outside the context.
/// </summary>
internal static class ImportBatchWriter
{
    public static async Task<BatchTally> WriteAsync(MarketplaceDbContext db, ImportContext import, int batchIndex, IReadOnlyList<PreparedEntry> entries, ImportBatch? batchRow, DateTimeOffset now, CancellationToken ct)
    {
        var tally = new BatchTally();
        foreach (var prepared in entries)
        {
            var outcome = prepared.ContentError is null
                ? await ImportEntryAsync(db, import, prepared, now, ct)
                : await RecordFailureAsync(db, import.JobId, prepared.Entry.Id, prepared.ContentError, now, ct);
            db.ImportEntryResults.Add(new ImportEntryResult
            {
                ImportJobId = import.JobId,
                CatalogEntryId = prepared.Entry.Id,
                BatchIndex = batchIndex,
                Outcome = outcome.Outcome,
                ArtifactKey = outcome.Key,
                ArtifactId = outcome.ArtifactId,
                Error = outcome.Error,
                At = now,
            });
            await db.SaveChangesAsync(ct);
            tally.Add(outcome.Outcome);
        }

        if (batchRow is not null)
        {
            db.ImportBatches.Add(batchRow);
        }

        await AddToJobAsync(db, import, tally, now, ct);
        return tally;
    }

    /// <summary>Records an entry's failure (on the entry and as its result) in its own unit, after its batch rolled back.</summary>
    public static async Task RecordIsolatedFailureAsync(MarketplaceDbContext db, ImportContext import, int batchIndex, Guid entryId, string error, DateTimeOffset now, CancellationToken ct)
    {
        var outcome = await RecordFailureAsync(db, import.JobId, entryId, error, now, ct);
        db.ImportEntryResults.Add(new ImportEntryResult
        {
            ImportJobId = import.JobId,
            CatalogEntryId = entryId,
            BatchIndex = batchIndex,
            Outcome = ImportOutcome.Failed,
            Error = outcome.Error,
            At = now,
        });
        await AddToJobAsync(db, import, new BatchTally { Failed = 1 }, now, ct);
    }

    private static async Task AddToJobAsync(MarketplaceDbContext db, ImportContext import, BatchTally tally, DateTimeOffset now, CancellationToken ct) =>
        await db.ImportJobs.Where(j => j.Id == import.JobId).ExecuteUpdateAsync(u => u
            .SetProperty(j => j.ImportedCount, j => j.ImportedCount + tally.Imported)
            .SetProperty(j => j.SkippedCount, j => j.SkippedCount + tally.Skipped)
            .SetProperty(j => j.FailedCount, j => j.FailedCount + tally.Failed)
            .SetProperty(j => j.LeaseExpiresAt, now + import.LeaseDuration), ct);

    private static async Task<EntryOutcome> RecordFailureAsync(MarketplaceDbContext db, Guid jobId, Guid entryId, string error, DateTimeOffset now, CancellationToken ct)
    {
        var message = error.Length > 2000 ? error[..2000] : error;
        await db.CatalogEntries.Where(e => e.Id == entryId).ExecuteUpdateAsync(u => u
            .SetProperty(e => e.ImportError, message)
            .SetProperty(e => e.ImportErrorAt, now)
            .SetProperty(e => e.ImportId, jobId), ct);
        return new EntryOutcome(ImportOutcome.Failed, null, null, message);
    }

    private static async Task<EntryOutcome> ImportEntryAsync(MarketplaceDbContext db, ImportContext import, PreparedEntry prepared, DateTimeOffset now, CancellationToken ct)
    {
        var entry = await db.CatalogEntries.FirstAsync(e => e.Id == prepared.Entry.Id, ct);
        var key = Artifact.KeyOf(entry.ArtifactType, entry.Name);
        var own = entry.ImportedArtifactId is { } ownId ? await db.Artifacts.FirstOrDefaultAsync(a => a.Id == ownId, ct) : null;
        Artifact artifact;
        if (own is not null)
        {
            // Importing the same entry again updates what it imported before: never a second row.
            if (import.Strategy == ConflictStrategy.Skip)
            {
                return new EntryOutcome(ImportOutcome.Skipped, own.Key, own.Id, "Already imported.");
            }

            artifact = own;
        }
        else if (await db.Artifacts.FirstOrDefaultAsync(a => a.Key == key, ct) is { } existing)
        {
            switch (import.Strategy)
            {
                case ConflictStrategy.Skip:
                    return new EntryOutcome(ImportOutcome.Skipped, existing.Key, existing.Id, $"'{key}' already exists.");
                case ConflictStrategy.Overwrite:
                    artifact = existing;
                    break;
                default:
                    artifact = NewArtifact(entry.ArtifactType, await FreeNameAsync(db, entry.ArtifactType, entry.Name, ct), now);
                    db.Artifacts.Add(artifact);
                    break;
            }
        }
        else
        {
            artifact = NewArtifact(entry.ArtifactType, entry.Name, now);
            db.Artifacts.Add(artifact);
        }

        var content = prepared.Content;
        artifact.SourceUrl = entry.UpstreamUrl ?? import.Source.RepoUrl;
        artifact.ContentHash = content.Files.Count > 0 ? content.Hash : entry.DetectedSha;
        artifact.UpdatedAt = now;
        await db.SaveChangesAsync(ct); // the CHECK and unique constraints speak here, naming this entry

        await UpsertCollectionRowAsync(db, import, entry, artifact, prepared, now, ct);
        await ReplaceTagsAsync(db, artifact.Id, entry.Tags.Concat(prepared.Metadata.Tags), ct);
        await ReplaceFilesAsync(db, artifact.Id, content, ct);
        if (entry.ArtifactType == ArtifactType.Plugin)
        {
            await ReplaceMembershipsAsync(db, artifact.Id, prepared, ct);
        }

        entry.Status = CatalogEntryStatus.Imported;
        entry.ImportId = import.JobId;
        entry.ImportedAt = now;
        entry.ImportedArtifactId = artifact.Id;
        entry.ImportError = null;
        entry.ImportErrorAt = null;
        entry.UpdatedAt = now;
        return new EntryOutcome(ImportOutcome.Imported, artifact.Key, artifact.Id, null);
    }

    private static Artifact NewArtifact(ArtifactType type, string name, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Key = Artifact.KeyOf(type, name),
        Type = type,
        Name = name,
        CreatedAt = now,
    };

    /// <summary><c>name-1</c>, <c>name-2</c>, …: the first suffix no artifact of this type has, counting rows this unit added.</summary>
    private static async Task<string> FreeNameAsync(MarketplaceDbContext db, ArtifactType type, string name, CancellationToken ct)
    {
        var prefix = Artifact.KeyOf(type, name) + "-";
        var taken = (await db.Artifacts.Where(a => a.Key.StartsWith(prefix)).Select(a => a.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var n = 1;
        while (taken.Contains(prefix + n))
        {
            n++;
        }

        return $"{name}-{n}";
    }

    private static async Task UpsertCollectionRowAsync(MarketplaceDbContext db, ImportContext import, CatalogEntry entry, Artifact artifact, PreparedEntry prepared, DateTimeOffset now, CancellationToken ct)
    {
        var row = await db.CollectionArtifacts.FirstOrDefaultAsync(c => c.CollectionId == Collection.DefaultId && c.ArtifactId == artifact.Id, ct);
        if (row is null)
        {
            row = new CollectionArtifact { CollectionId = Collection.DefaultId, ArtifactId = artifact.Id, AddedAt = now };
            db.CollectionArtifacts.Add(row);
        }

        var content = prepared.Content;
        row.Description = entry.Description ?? prepared.Metadata.Description;
        row.Author = prepared.Metadata.Author;
        row.License = prepared.Metadata.License;
        row.Version = entry.DetectedVersion ?? prepared.Metadata.Version;
        row.ResolvedSha = entry.DetectedSha;
        row.ContentHash = artifact.ContentHash;
        row.StructureHash = content.Files.Count > 0 ? content.StructureHash : null;
        row.FileCount = content.Files.Count;
        row.TotalSize = content.TotalSize;
        row.Origin = $"{import.Source.RepoUrl}#{entry.Path}";
        row.SyncedAt = now;
    }

    private static async Task ReplaceTagsAsync(MarketplaceDbContext db, Guid artifactId, IEnumerable<string> tags, CancellationToken ct)
    {
        var names = tags.Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length is > 0 and <= 100).Distinct().ToList();
        await db.ArtifactTags.Where(t => t.ArtifactId == artifactId).ExecuteDeleteAsync(ct);
        var known = await db.Tags.Where(t => names.Contains(t.Name)).ToDictionaryAsync(t => t.Name, StringComparer.Ordinal, ct);
        foreach (var name in names.Where(n => !known.ContainsKey(n)))
        {
            var tag = new Tag { Name = name };
            db.Tags.Add(tag);
            known[name] = tag;
        }

        await db.SaveChangesAsync(ct); // new tags get their ids
        db.ArtifactTags.AddRange(names.Select(n => new ArtifactTag { ArtifactId = artifactId, TagId = known[n].Id }));
    }

    private static async Task ReplaceFilesAsync(MarketplaceDbContext db, Guid artifactId, Sources.ArtifactContent content, CancellationToken ct)
    {
        await db.ArtifactFiles.Where(f => f.ArtifactId == artifactId).ExecuteDeleteAsync(ct);
        if (content.Files.Count == 0)
        {
            return;
        }

        var shas = content.Files.Select(f => f.Sha256).Distinct().ToList();
        var stored = (await db.ContentBlobs.Where(b => shas.Contains(b.Sha256)).Select(b => b.Sha256).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var file in content.Files)
        {
            // Content-addressed: a file identical to one already stored (here or in any artifact) is stored once.
            if (stored.Add(file.Sha256))
            {
                db.ContentBlobs.Add(new ContentBlob { Sha256 = file.Sha256, Size = file.Bytes.Length, Content = file.Bytes });
            }

            db.ArtifactFiles.Add(new ArtifactFile { ArtifactId = artifactId, RelativePath = file.RelativePath, BlobSha256 = file.Sha256, Size = file.Bytes.Length });
        }
    }

    /// <summary>Links a composite to its children that have been imported, in path order; a child that failed is left out.</summary>
    private static async Task ReplaceMembershipsAsync(MarketplaceDbContext db, Guid compositeId, PreparedEntry prepared, CancellationToken ct)
    {
        await db.CompositeMemberships.Where(m => m.CompositeId == compositeId).ExecuteDeleteAsync(ct);
        var composite = await db.CompositeArtifacts.FirstOrDefaultAsync(c => c.ArtifactId == compositeId, ct);
        if (composite is null)
        {
            composite = new CompositeArtifact { ArtifactId = compositeId };
            db.CompositeArtifacts.Add(composite);
        }

        var manifest = prepared.Content.Files.FirstOrDefault(f => f.RelativePath.EndsWith(Sources.SourceLayout.PluginManifest, StringComparison.Ordinal));
        composite.Manifest = manifest is null ? null : System.Text.Encoding.UTF8.GetString(manifest.Bytes);
        var childIds = prepared.Children.ToList();
        var childArtifacts = await db.CatalogEntries.Where(e => childIds.Contains(e.Id) && e.ImportedArtifactId != null)
            .ToDictionaryAsync(e => e.Id, e => e.ImportedArtifactId!.Value, ct);
        var members = childIds.Select((id, position) => (id, position))
            .Where(c => childArtifacts.ContainsKey(c.id) && childArtifacts[c.id] != compositeId)
            .Select(c => new CompositeMembership { CompositeId = compositeId, ChildArtifactId = childArtifacts[c.id], Position = c.position })
            .DistinctBy(m => m.ChildArtifactId)
            .ToList();
        db.CompositeMemberships.AddRange(members);
        composite.MemberCount = members.Count;
    }

    private sealed record EntryOutcome(ImportOutcome Outcome, string? Key, Guid? ArtifactId, string? Error);
}

/// <summary>Counts of one batch's outcomes.</summary>
internal sealed class BatchTally
{
    public int Imported { get; set; }
    public int Skipped { get; set; }
    public int Failed { get; set; }

    public void Add(ImportOutcome outcome)
    {
        switch (outcome)
        {
            case ImportOutcome.Imported: Imported++; break;
            case ImportOutcome.Skipped: Skipped++; break;
            default: Failed++; break;
        }
    }
}
