using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Entries;

/// <summary>
/// Upserts catalog items by path, in chunks of <see cref="UpsertChunk"/> per write unit; after a scan, entries the
/// scan no longer found are marked removed. Imported and excluded entries keep their state.
/// </summary>
internal static class CatalogUpserter
{
    /// <summary>Entries per write unit: keeps each lock hold short however large the catalog.</summary>
    private const int UpsertChunk = 200;

    /// <summary>Upserts <paramref name="items"/> by path; their keys are qualified by the source's namespace
    /// <paramref name="ns"/>.</summary>
    public static async Task<CatalogUpsertResult> ApplyAsync(IWriteUnitRunner writes, TimeProvider time, Guid sourceId, string ns,
        IReadOnlyList<CatalogItem> items, bool removeMissing, CancellationToken cancellationToken)
    {
        int created = 0, updated = 0, unchanged = 0, removed = 0;
        foreach (var chunk in items.Chunk(UpsertChunk))
        {
            var (c, u, n) = await writes.RunAsync(async (db, ct) =>
            {
                var paths = chunk.Select(i => i.Path).ToList();
                var existing = await db.CatalogEntries.Where(e => e.SourceId == sourceId
                    && paths.Contains(e.Path)).ToDictionaryAsync(e => e.Path, StringComparer.Ordinal, ct);
                var now = time.GetUtcNow();
                int c = 0, u = 0, n = 0;
                foreach (var item in chunk)
                {
                    if (!existing.TryGetValue(item.Path, out var entry))
                    {
                        db.CatalogEntries.Add(NewEntry(sourceId, ns, item, now));
                        c++;
                    }
                    else if (Apply(entry, item, ns, now))
                    {
                        u++;
                    }
                    else
                    {
                        n++;
                    }
                }

                return (c, u, n);
            }, cancellationToken);
            (created, updated, unchanged) = (created + c, updated + u, unchanged + n);
        }

        if (removeMissing)
        {
            var present = items.Select(i => i.Path).ToHashSet(StringComparer.Ordinal);
            removed = await writes.RunAsync(async (db, ct) =>
            {
                var vanished = (await db.CatalogEntries
                        .Where(e => e.SourceId == sourceId && (e.Status == CatalogEntryStatus.New
                            || e.Status == CatalogEntryStatus.Updated))
                        .ToListAsync(ct))
                    .Where(e => !present.Contains(e.Path))
                    .ToList();
                var now = time.GetUtcNow();
                foreach (var entry in vanished)
                {
                    entry.Status = CatalogEntryStatus.Removed;
                    entry.UpdatedAt = now;
                }

                return vanished.Count;
            }, cancellationToken);
        }

        return new CatalogUpsertResult(items.Count, created, updated, unchanged, removed);
    }

    /// <summary>Copies an item onto an entry; true when anything changed. Imported and excluded entries keep their state.</summary>
    /// <summary>
    /// Copies an item onto an entry; true when its content or description changed. A new commit alone (the same content
    /// at a later commit) is recorded without counting as a change. Imported and excluded entries keep their state.
    /// </summary>
    private static bool Apply(CatalogEntry entry, CatalogItem item, string ns, DateTimeOffset now)
    {
        var tags = item.Tags?.ToList() ?? [];
        var key = ArtifactIdentity.Key(item.Type, item.Plugin, item.Name, ns);
        var changed = entry.Name != item.Name || entry.ArtifactType != item.Type || entry.Description != item.Description
            || entry.DetectedVersion != item.Version || entry.DetectedSha != item.Sha || entry.Confidence != item.Confidence
            || !entry.Tags.SequenceEqual(tags) || entry.DisplayName != item.DisplayName || entry.Plugin != item.Plugin
            || entry.Key != key || entry.Author != item.Author || entry.Category != item.Category
            || entry.RemoteSource != item.RemoteSource || entry.Problem != item.Problem;
        var reappeared = entry.Status == CatalogEntryStatus.Removed;
        if (!changed && !reappeared)
        {
            if (entry.Commit != item.Commit || entry.UpstreamUrl != item.UpstreamUrl)
            {
                (entry.Commit, entry.UpstreamUrl) = (item.Commit, item.UpstreamUrl);
            }

            return false;
        }

        (entry.Name, entry.ArtifactType, entry.Description, entry.DetectedVersion, entry.DetectedSha, entry.Confidence,
            entry.UpstreamUrl, entry.Tags) =
            (item.Name, item.Type, item.Description, item.Version, item.Sha, item.Confidence, item.UpstreamUrl, tags);
        (entry.DisplayName, entry.Plugin, entry.Key, entry.Author, entry.Category, entry.RemoteSource, entry.Problem, entry.Commit) =
            (item.DisplayName, item.Plugin, key, item.Author, item.Category, item.RemoteSource, item.Problem, item.Commit);
        if (entry.Status is CatalogEntryStatus.New or CatalogEntryStatus.Removed or CatalogEntryStatus.Updated)
        {
            entry.Status = CatalogEntryStatus.Updated;
        }

        entry.UpdatedAt = now;
        return true;
    }

    private static CatalogEntry NewEntry(Guid sourceId, string ns, CatalogItem item, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SourceId = sourceId,
        ArtifactType = item.Type,
        Name = item.Name,
        DisplayName = item.DisplayName,
        Plugin = item.Plugin,
        Key = ArtifactIdentity.Key(item.Type, item.Plugin, item.Name, ns),
        Author = item.Author,
        Category = item.Category,
        RemoteSource = item.RemoteSource,
        Problem = item.Problem,
        Commit = item.Commit,
        Path = item.Path,
        Description = item.Description,
        DetectedVersion = item.Version,
        DetectedSha = item.Sha,
        Confidence = item.Confidence,
        UpstreamUrl = item.UpstreamUrl,
        Tags = item.Tags?.ToList() ?? [],
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Refreshes the source's counts (and scan status) in one short unit.</summary>
    public static Task FinishAsync(IWriteUnitRunner writes, TimeProvider time, Guid sourceId, bool scanned,
        CancellationToken cancellationToken, Action<MarketplaceSource>? scannedWith = null) =>
        writes.RunAsync(async (db, ct) =>
        {
            var source = await db.Sources.FirstOrDefaultAsync(s => s.Id == sourceId, ct) ?? throw new NotFoundException("Source", sourceId);
            var entries = db.CatalogEntries.Where(e => e.SourceId == sourceId);
            source.EntryCount = await entries.CountAsync(e => e.Status != CatalogEntryStatus.Removed, ct);
            source.ImportedCount = await entries.CountAsync(e => e.ImportedArtifactId != null, ct);
            source.UpdatedAt = time.GetUtcNow();
            if (scanned)
            {
                source.ScanStatus = ScanStatus.Succeeded;
                source.ScanError = null;
                source.LastScannedAt = source.UpdatedAt;
                scannedWith?.Invoke(source);
            }
        }, cancellationToken);
}
