using Marketplace.Catalog.Importing;
using Marketplace.Catalog.Sources;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Entries;

/// <summary>
/// A source's catalog: upload (bulk upsert by path, <see cref="CatalogUpserter"/>), scan of a local source through its
/// confined <see cref="Sources.Confinement.SourceTree"/>, listing, and edits (<see cref="CatalogPatcher"/>).
/// </summary>
public sealed class CatalogService(
    IDbContextFactory<MarketplaceDbContext> contexts,
    IWriteUnitRunner writes,
    LocalSourcePaths localPaths,
    SourceFileCache sourceFiles,
    IOptions<ImportOptions> importOptions,
    IOptions<SourcesOptions> sourcesOptions,
    TimeProvider time,
    ILogger<CatalogService> logger)
{
    public async Task<CatalogUpsertResult> UpsertAsync(Guid sourceId, IReadOnlyList<CatalogItem>? items,
        CancellationToken cancellationToken)
    {
        CatalogItemValidator.Validate(items, importOptions.Value.MaxEntriesPerRequest);
        await RequireSourceAsync(sourceId, cancellationToken);
        var result = await CatalogUpserter.ApplyAsync(writes, time, sourceId, items!, removeMissing: false, cancellationToken);
        await CatalogUpserter.FinishAsync(writes, time, sourceId, scanned: false, cancellationToken);
        return result;
    }

    /// <summary>Reads the source's local folder (outside any transaction) and applies what it found; the result carries the scan's
    /// warnings.</summary>
    public async Task<CatalogUpsertResult> ScanAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        var source = await RequireSourceAsync(sourceId, cancellationToken);
        if (source.LocalPath is null)
        {
            throw new RequestValidationException("localPath",
                "This source has no local path to scan; upload its catalog with PUT …/catalog instead.");
        }

        using var tree = localPaths.Open(source.LocalPath); // checked again: links may have changed since registration
        SourceScan scan;
        try
        {
            scan = await SourceScanner.ScanAsync(tree, sourceFiles, sourcesOptions.Value, cancellationToken);
        }
        catch (Exception ex) when (ex is ArtifactContentException or IOException or UnauthorizedAccessException)
        {
            await writes.RunAsync((db, ct) => db.Sources.Where(s => s.Id == sourceId).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.ScanStatus, ScanStatus.Failed)
                .SetProperty(s => s.ScanError, ImportLedger.Truncate(ex.Message))
                .SetProperty(s => s.UpdatedAt, time.GetUtcNow()), ct), cancellationToken);
            throw new RequestValidationException("localPath", $"The source could not be scanned: {ex.Message}");
        }

        foreach (var warning in scan.Warnings)
        {
            Log.ScanWarning(logger, sourceId, warning.Path, warning.Message);
        }

        var upstream = UpstreamBase(source);
        var items = scan.Items.Select(i => i with { UpstreamUrl = upstream is null ? null
            : $"{upstream}/{i.Path.Split('#')[0]}" }).ToList();
        var result = await CatalogUpserter.ApplyAsync(writes, time, sourceId, items, removeMissing: true, cancellationToken);
        await CatalogUpserter.FinishAsync(writes, time, sourceId, scanned: true, cancellationToken);
        return result with { Warnings = scan.Warnings };
    }

    public async Task<(IReadOnlyList<CatalogEntry> Items, int Total)> ListAsync(Guid sourceId, CatalogQuery query,
        CancellationToken cancellationToken)
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
        if (query.After is { } after)
        {
            // Read from the (source, status|type, path) index at the cursor, not counted past from the start.
            entries = entries.Where(e => e.Path.CompareTo(after) > 0);
        }

        var items = await entries.OrderBy(e => e.Path).Skip(query.Skip).Take(query.Limit).ToListAsync(cancellationToken);
        return (items, total);
    }

    public Task<CatalogEntry> PatchAsync(Guid sourceId, Guid entryId, CatalogEntryPatch patch, CancellationToken cancellationToken) =>
        CatalogPatcher.PatchAsync(writes, time, sourceId, entryId, patch, cancellationToken);

    private async Task<MarketplaceSource> RequireSourceAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
            ?? throw new NotFoundException("Source", sourceId);
    }

    private static string? UpstreamBase(MarketplaceSource source) =>
        source.RepoUrl.StartsWith("http", StringComparison.Ordinal) ? $"{source.RepoUrl}/blob/{source.Ref}" : null;
}
