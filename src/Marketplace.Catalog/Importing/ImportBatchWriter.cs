using Marketplace.Catalog.Sources;
using Marketplace.Data;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// The database work of one batch, run inside one write unit and set-based: a handful of queries load what the
/// batch touches, conflicts are resolved in memory in entry order (so a rename picks <c>name-2</c> after a
/// <c>name-1</c> earlier in the same batch), dependents of replaced artifacts are deleted in one statement per
/// table, and one <c>SaveChanges</c> writes artifacts, collection rows, tags, content, memberships, catalog
/// state, results, the batch row and the job's counters. A constraint violation fails the whole unit, which is
/// what lets the caller isolate the bad entry. The unit may run more than once: nothing here leaves the context.
/// </summary>
internal static class ImportBatchWriter
{
    public static async Task<BatchTally> WriteAsync(MarketplaceDbContext db, ImportContext import, int batchIndex, IReadOnlyList<PreparedEntry> entries, ImportBatch? batchRow, DateTimeOffset now, CancellationToken ct)
    {
        var ids = entries.Select(p => p.Entry.Id).ToList();
        var catalog = await db.CatalogEntries.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var keys = catalog.Values.Select(e => Artifact.KeyOf(e.ArtifactType, e.Name)).Distinct().ToList();
        var ownIds = catalog.Values.Where(e => e.ImportedArtifactId != null).Select(e => e.ImportedArtifactId!.Value).ToList();
        var known = await db.Artifacts.Where(a => keys.Contains(a.Key) || ownIds.Contains(a.Id)).ToListAsync(ct);
        var state = new BatchState(known);

        var tally = new BatchTally();
        var imported = new List<(PreparedEntry Prepared, CatalogEntry Entry, Artifact Artifact)>();
        foreach (var prepared in entries)
        {
            var outcome = !catalog.TryGetValue(prepared.Entry.Id, out var entry)
                ? Failed("The catalog entry no longer exists.")
                : prepared.ContentError is { } error
                    ? MarkFailed(entry, import.JobId, error, now)
                    : await ResolveAsync(db, import, state, entry, now, ct);
            if (outcome.Outcome == ImportOutcome.Imported)
            {
                imported.Add((prepared, entry!, outcome.Artifact!));
            }

            state.Inserts.Results.Add(new ImportEntryResult
            {
                ImportJobId = import.JobId,
                CatalogEntryId = prepared.Entry.Id,
                BatchIndex = batchIndex,
                Outcome = outcome.Outcome,
                ArtifactKey = outcome.Artifact?.Key,
                ArtifactId = outcome.Artifact?.Id,
                Error = outcome.Error,
                At = now,
            });
            tally.Add(outcome.Outcome);
        }

        await WriteImportedAsync(db, import, state, imported, now, ct);
        if (batchRow is not null)
        {
            state.Inserts.Batches.Add(batchRow);
        }

        await AddToJobAsync(db, import, tally, now, ct);
        await state.Inserts.FlushAsync(db, ct);
        await MarkImportedAsync(db, import.JobId, [.. imported.Select(i => i.Entry.Id)], now, ct);
        return tally;
    }

    /// <summary>
    /// Marks the batch's imported entries in one statement; each entry's artifact id comes from the result row
    /// just inserted for it, so no per-entry UPDATE is needed.
    /// </summary>
    private static async Task MarkImportedAsync(MarketplaceDbContext db, Guid jobId, List<Guid> entryIds, DateTimeOffset now, CancellationToken ct)
    {
        if (entryIds.Count == 0)
        {
            return;
        }

        await db.CatalogEntries.Where(e => entryIds.Contains(e.Id)).ExecuteUpdateAsync(u => u
            .SetProperty(e => e.Status, CatalogEntryStatus.Imported)
            .SetProperty(e => e.ImportId, jobId)
            .SetProperty(e => e.ImportedAt, now)
            .SetProperty(e => e.ImportedArtifactId, e => db.ImportEntryResults
                .Where(r => r.ImportJobId == jobId && r.CatalogEntryId == e.Id)
                .Select(r => r.ArtifactId)
                .FirstOrDefault())
            .SetProperty(e => e.ImportError, (string?)null)
            .SetProperty(e => e.ImportErrorAt, (DateTimeOffset?)null)
            .SetProperty(e => e.UpdatedAt, now), ct);
    }

    /// <summary>Records an entry's failure (on the entry and as its result) in its own unit, after its batch rolled back.</summary>
    public static async Task RecordIsolatedFailureAsync(MarketplaceDbContext db, ImportContext import, int batchIndex, Guid entryId, string error, DateTimeOffset now, CancellationToken ct)
    {
        var message = Truncate(error);
        await db.CatalogEntries.Where(e => e.Id == entryId).ExecuteUpdateAsync(u => u
            .SetProperty(e => e.ImportError, message)
            .SetProperty(e => e.ImportErrorAt, now)
            .SetProperty(e => e.ImportId, import.JobId), ct);
        db.ImportEntryResults.Add(new ImportEntryResult
        {
            ImportJobId = import.JobId,
            CatalogEntryId = entryId,
            BatchIndex = batchIndex,
            Outcome = ImportOutcome.Failed,
            Error = message,
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

    private static EntryOutcome MarkFailed(CatalogEntry entry, Guid jobId, string error, DateTimeOffset now)
    {
        entry.ImportError = Truncate(error);
        entry.ImportErrorAt = now;
        entry.ImportId = jobId;
        return Failed(entry.ImportError);
    }

    private static EntryOutcome Failed(string error) => new(ImportOutcome.Failed, null, error);

    private static string Truncate(string error) => error.Length > 2000 ? error[..2000] : error;

    /// <summary>Which artifact an entry becomes: its own from an earlier import, an existing one (skip/overwrite), or a new one (rename).</summary>
    private static async Task<EntryOutcome> ResolveAsync(MarketplaceDbContext db, ImportContext import, BatchState state, CatalogEntry entry, DateTimeOffset now, CancellationToken ct)
    {
        var key = Artifact.KeyOf(entry.ArtifactType, entry.Name);
        if (entry.ImportedArtifactId is { } ownId && state.ById.TryGetValue(ownId, out var own))
        {
            // Importing the same entry again updates what it imported before: never a second row.
            return import.Strategy == ConflictStrategy.Skip ? new EntryOutcome(ImportOutcome.Skipped, own, "Already imported.") : new EntryOutcome(ImportOutcome.Imported, own, null);
        }

        if (state.ByKey.TryGetValue(key, out var existing))
        {
            switch (import.Strategy)
            {
                case ConflictStrategy.Skip:
                    return new EntryOutcome(ImportOutcome.Skipped, existing, $"'{key}' already exists.");
                case ConflictStrategy.Overwrite:
                    return new EntryOutcome(ImportOutcome.Imported, existing, null);
                default:
                    return new EntryOutcome(ImportOutcome.Imported, state.Add(entry.ArtifactType, await FreeNameAsync(db, state, entry.ArtifactType, entry.Name, ct), now), null);
            }
        }

        return new EntryOutcome(ImportOutcome.Imported, state.Add(entry.ArtifactType, entry.Name, now), null);
    }

    /// <summary><c>name-1</c>, <c>name-2</c>, …: the first suffix neither the table nor this batch has taken.</summary>
    private static async Task<string> FreeNameAsync(MarketplaceDbContext db, BatchState state, ArtifactType type, string name, CancellationToken ct)
    {
        var prefix = Artifact.KeyOf(type, name) + "-";
        var taken = (await db.Artifacts.Where(a => a.Key.StartsWith(prefix)).Select(a => a.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var n = 1;
        while (taken.Contains(prefix + n) || state.ByKey.ContainsKey(prefix + n))
        {
            n++;
        }

        return $"{name}-{n}";
    }

    private static async Task WriteImportedAsync(MarketplaceDbContext db, ImportContext import, BatchState state, List<(PreparedEntry Prepared, CatalogEntry Entry, Artifact Artifact)> imported, DateTimeOffset now, CancellationToken ct)
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
            rows = await db.CollectionArtifacts.Where(c => c.CollectionId == Collection.DefaultId && replaced.Contains(c.ArtifactId)).ToDictionaryAsync(c => c.ArtifactId, ct);
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

                state.Inserts.Files.Add(new ArtifactFile { ArtifactId = artifact.Id, RelativePath = file.RelativePath, BlobSha256 = file.Sha256, Size = file.Bytes.Length });
            }

            if (entry.ArtifactType == ArtifactType.Plugin)
            {
                WriteComposite(state.Inserts, composites, artifact.Id, prepared, childArtifacts);
            }
        }

    }

    private static void WriteCollectionRow(BatchInserts inserts, Dictionary<Guid, CollectionArtifact> rows, ImportContext import, CatalogEntry entry, Artifact artifact, PreparedEntry prepared, DateTimeOffset now)
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
        row.ResolvedSha = entry.DetectedSha;
        row.ContentHash = artifact.ContentHash;
        row.StructureHash = content.Files.Count > 0 ? content.StructureHash : null;
        row.FileCount = content.Files.Count;
        row.TotalSize = content.TotalSize;
        row.Origin = $"{import.Source.RepoUrl}#{entry.Path}";
        row.SyncedAt = now;
    }

    /// <summary>Links a composite to its children that have been imported, in path order; a child that failed is left out.</summary>
    private static void WriteComposite(BatchInserts inserts, Dictionary<Guid, CompositeArtifact> composites, Guid compositeId, PreparedEntry prepared, Dictionary<Guid, Guid> childArtifacts)
    {
        if (!composites.TryGetValue(compositeId, out var composite))
        {
            composite = new CompositeArtifact { ArtifactId = compositeId };
            inserts.Composites.Add(composite);
            composites[compositeId] = composite;
        }

        var manifest = prepared.Content.Files.FirstOrDefault(f => f.RelativePath.EndsWith(SourceLayout.PluginManifest, StringComparison.Ordinal));
        composite.Manifest = manifest is null ? null : System.Text.Encoding.UTF8.GetString(manifest.Bytes);
        var members = prepared.Children.Select((id, position) => (id, position))
            .Where(c => childArtifacts.TryGetValue(c.id, out var child) && child != compositeId)
            .Select(c => new CompositeMembership { CompositeId = compositeId, ChildArtifactId = childArtifacts[c.id], Position = c.position })
            .DistinctBy(m => m.ChildArtifactId)
            .ToList();
        inserts.Memberships.AddRange(members);
        composite.MemberCount = members.Count;
    }

    /// <summary>Artifact ids of composite children imported before this batch, or earlier in it.</summary>
    private static async Task<Dictionary<Guid, Guid>> ChildArtifactsAsync(MarketplaceDbContext db, List<(PreparedEntry Prepared, CatalogEntry Entry, Artifact Artifact)> imported, CancellationToken ct)
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
        entry.Tags.Concat(prepared.Metadata.Tags).Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length is > 0 and <= 100).Distinct();

    /// <summary>Existing tags by name, plus new (tracked) ones for names not seen before; ids are assigned at save.</summary>
    private static async Task<Dictionary<string, Tag>> LoadTagsAsync(MarketplaceDbContext db, IEnumerable<string> names, CancellationToken ct)
    {
        var wanted = names.Distinct().ToList();
        var tags = wanted.Count == 0 ? [] : await db.Tags.Where(t => wanted.Contains(t.Name)).ToDictionaryAsync(t => t.Name, StringComparer.Ordinal, ct);
        foreach (var name in wanted.Where(n => !tags.ContainsKey(n)))
        {
            var tag = new Tag { Name = name };
            db.Tags.Add(tag);
            tags[name] = tag;
        }

        return tags;
    }

    private static async Task<HashSet<string>> StoredBlobsAsync(MarketplaceDbContext db, IEnumerable<ArtifactFileContent> files, CancellationToken ct)
    {
        var shas = files.Select(f => f.Sha256).Distinct().ToList();
        return shas.Count == 0
            ? new HashSet<string>(StringComparer.Ordinal)
            : (await db.ContentBlobs.Where(b => shas.Contains(b.Sha256)).Select(b => b.Sha256).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
    }

    private sealed record EntryOutcome(ImportOutcome Outcome, Artifact? Artifact, string? Error);

    /// <summary>The artifacts this batch has seen or added, by key and by id.</summary>
    private sealed class BatchState
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
            var artifact = new Artifact { Id = Guid.CreateVersion7(now), Key = Artifact.KeyOf(type, name), Type = type, Name = name, CreatedAt = now };
            Inserts.Artifacts.Add(artifact);
            ByKey[artifact.Key] = artifact;
            ById[artifact.Id] = artifact;
            return artifact;
        }
    }
}
