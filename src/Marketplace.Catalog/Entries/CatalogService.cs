using Marketplace.Catalog.Importing;
using Marketplace.Catalog.Sources;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Entries;

/// <summary>A source's catalog: upload (bulk upsert by path), scan of a local source, listing, and edits.</summary>
public sealed class CatalogService(
    IDbContextFactory<MarketplaceDbContext> contexts,
    IWriteUnitRunner writes,
    LocalSourcePaths localPaths,
    SourceFileCache sourceFiles,
    IOptions<ImportOptions> importOptions,
    TimeProvider time)
{
    /// <summary>Entries per write unit: keeps each lock hold short however large the catalog.</summary>
    private const int UpsertChunk = 200;

    public async Task<CatalogUpsertResult> UpsertAsync(Guid sourceId, IReadOnlyList<CatalogItem>? items, CancellationToken cancellationToken)
    {
        CatalogItemValidator.Validate(items, importOptions.Value.MaxEntriesPerRequest);
        await RequireSourceAsync(sourceId, cancellationToken);
        var result = await ApplyAsync(sourceId, items!, removeMissing: false, cancellationToken);
        await FinishAsync(sourceId, scanned: false, cancellationToken);
        return result;
    }

    /// <summary>Reads the source's local folder (outside any transaction) and applies what it found.</summary>
    public async Task<CatalogUpsertResult> ScanAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        var source = await RequireSourceAsync(sourceId, cancellationToken);
        if (source.LocalPath is null)
        {
            throw new RequestValidationException("localPath", "This source has no local path to scan; upload its catalog with PUT …/catalog instead.");
        }

        var root = localPaths.Resolve(source.LocalPath); // checked again: links may have changed since registration
        IReadOnlyList<CatalogItem> items;
        try
        {
            items = await SourceScanner.ScanAsync(root, sourceFiles, cancellationToken);
        }
        catch (Exception ex) when (ex is ArtifactContentException or IOException or UnauthorizedAccessException)
        {
            await writes.RunAsync((db, ct) => db.Sources.Where(s => s.Id == sourceId).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.ScanStatus, ScanStatus.Failed)
                .SetProperty(s => s.ScanError, ex.Message)
                .SetProperty(s => s.UpdatedAt, time.GetUtcNow()), ct), cancellationToken);
            throw new RequestValidationException("localPath", $"The source could not be scanned: {ex.Message}");
        }

        var upstream = UpstreamBase(source);
        var result = await ApplyAsync(sourceId, [.. items.Select(i => i with { UpstreamUrl = upstream is null ? null : $"{upstream}/{i.Path.Split('#')[0]}" })], removeMissing: true, cancellationToken);
        await FinishAsync(sourceId, scanned: true, cancellationToken);
        return result;
    }

    public async Task<(IReadOnlyList<CatalogEntry> Items, int Total)> ListAsync(Guid sourceId, CatalogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await RequireSourceAsync(sourceId, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = db.CatalogEntries.AsNoTracking().Where(e => e.SourceId == sourceId);
        if (query.Status is { } status)
        {
            entries = entries.Where(e => e.Status == status);
        }

        if (query.Type is { } type)
        {
            entries = entries.Where(e => e.ArtifactType == type);
        }

        var total = await entries.CountAsync(cancellationToken);
        var items = await entries.OrderBy(e => e.Path).Skip(query.Skip).Take(query.Limit).ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<CatalogEntry> PatchAsync(Guid sourceId, Guid entryId, CatalogEntryPatch patch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ValidatePatch(patch);
        return await writes.RunAsync(async (db, ct) =>
        {
            var entry = await db.CatalogEntries.FirstOrDefaultAsync(e => e.Id == entryId && e.SourceId == sourceId, ct)
                ?? throw new NotFoundException("Catalog entry", entryId);
            if (patch.Excluded == true)
            {
                entry.Status = CatalogEntryStatus.Excluded;
                entry.ExcludedReason = patch.ExcludedReason?.Trim();
            }
            else if (patch.Excluded == false && entry.Status == CatalogEntryStatus.Excluded)
            {
                entry.Status = entry.ImportedArtifactId is null ? CatalogEntryStatus.New : CatalogEntryStatus.Imported;
                entry.ExcludedReason = null;
            }

            if (patch.Description is not null)
            {
                entry.Description = patch.Description;
            }

            entry.UpdatedAt = time.GetUtcNow();
            return entry;
        }, cancellationToken);
    }

    private static void ValidatePatch(CatalogEntryPatch patch)
    {
        var errors = new Dictionary<string, string[]>();
        if (patch.Excluded is null && patch.Description is null)
        {
            errors["body"] = ["Nothing to change: set excluded and/or description."];
        }

        if (patch.ExcludedReason is not null && patch.Excluded != true)
        {
            errors["excludedReason"] = ["excludedReason goes with excluded: true."];
        }

        if (patch.ExcludedReason?.Length > 500)
        {
            errors["excludedReason"] = ["excludedReason has at most 500 characters."];
        }

        if (patch.Description?.Length > 2000)
        {
            errors["description"] = ["description has at most 2000 characters."];
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
    }

    private async Task<CatalogUpsertResult> ApplyAsync(Guid sourceId, IReadOnlyList<CatalogItem> items, bool removeMissing, CancellationToken cancellationToken)
    {
        int created = 0, updated = 0, unchanged = 0, removed = 0;
        foreach (var chunk in items.Chunk(UpsertChunk))
        {
            var (c, u, n) = await writes.RunAsync(async (db, ct) =>
            {
                var paths = chunk.Select(i => i.Path).ToList();
                var existing = await db.CatalogEntries.Where(e => e.SourceId == sourceId && paths.Contains(e.Path)).ToDictionaryAsync(e => e.Path, StringComparer.Ordinal, ct);
                var now = time.GetUtcNow();
                int c = 0, u = 0, n = 0;
                foreach (var item in chunk)
                {
                    if (!existing.TryGetValue(item.Path, out var entry))
                    {
                        db.CatalogEntries.Add(NewEntry(sourceId, item, now));
                        c++;
                    }
                    else if (Apply(entry, item, now))
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
                        .Where(e => e.SourceId == sourceId && (e.Status == CatalogEntryStatus.New || e.Status == CatalogEntryStatus.Updated))
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
    private static bool Apply(CatalogEntry entry, CatalogItem item, DateTimeOffset now)
    {
        var tags = item.Tags?.ToList() ?? [];
        var changed = entry.Name != item.Name || entry.ArtifactType != item.Type || entry.Description != item.Description
            || entry.DetectedVersion != item.Version || entry.DetectedSha != item.Sha || entry.Confidence != item.Confidence
            || entry.UpstreamUrl != item.UpstreamUrl || !entry.Tags.SequenceEqual(tags);
        var reappeared = entry.Status == CatalogEntryStatus.Removed;
        if (!changed && !reappeared)
        {
            return false;
        }

        (entry.Name, entry.ArtifactType, entry.Description, entry.DetectedVersion, entry.DetectedSha, entry.Confidence, entry.UpstreamUrl, entry.Tags) =
            (item.Name, item.Type, item.Description, item.Version, item.Sha, item.Confidence, item.UpstreamUrl, tags);
        if (entry.Status is CatalogEntryStatus.New or CatalogEntryStatus.Removed or CatalogEntryStatus.Updated)
        {
            entry.Status = CatalogEntryStatus.Updated;
        }

        entry.UpdatedAt = now;
        return true;
    }

    private static CatalogEntry NewEntry(Guid sourceId, CatalogItem item, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SourceId = sourceId,
        ArtifactType = item.Type,
        Name = item.Name,
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
    private Task FinishAsync(Guid sourceId, bool scanned, CancellationToken cancellationToken) =>
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
            }
        }, cancellationToken);

    private async Task<MarketplaceSource> RequireSourceAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
            ?? throw new NotFoundException("Source", sourceId);
    }

    private static string? UpstreamBase(MarketplaceSource source) =>
        source.RepoUrl.StartsWith("http", StringComparison.Ordinal) ? $"{source.RepoUrl}/blob/{source.Ref}" : null;
}
