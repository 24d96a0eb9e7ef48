using Marketplace.Data;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Importing;

/// <summary>Turns an <see cref="ImportSelection"/> into entry ids (in path order), checking it first: 400 names the field.</summary>
internal static class ImportSelectionResolver
{
    public static async Task<List<Guid>> ResolveAsync(MarketplaceDbContext db, Guid sourceId, ImportSelection selection, int max,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        CatalogEntryStatus? status = null;
        ArtifactType? type = null;
        if (selection.Status is { } s)
        {
            if (!WireName.TryParse<CatalogEntryStatus>(s, out var parsed)
                || parsed is CatalogEntryStatus.Excluded or CatalogEntryStatus.Removed)
            {
                errors["selection.status"] = ["status must be one of: new, updated, imported."];
            }

            status = parsed;
        }

        if (selection.Type is { } t)
        {
            if (!WireName.TryParse<ArtifactType>(t, out var parsed))
            {
                errors["selection.type"] = [$"type must be one of: {WireName.List<ArtifactType>()}."];
            }

            type = parsed;
        }

        var filtered = status is not null || type is not null || selection.Plugin is not null;
        if (selection.All == true == filtered)
        {
            errors["selection"] = ["Give either \"all\": true or at least one of status, type and plugin."];
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        var entries = db.CatalogEntries.AsNoTracking().Where(e => e.SourceId == sourceId
            && e.Status != CatalogEntryStatus.Excluded && e.Status != CatalogEntryStatus.Removed);
        if (status is { } st)
        {
            entries = entries.Where(e => e.Status == st);
        }

        if (type is { } ty)
        {
            entries = entries.Where(e => e.ArtifactType == ty);
        }

        if (selection.Plugin is { } plugin)
        {
            entries = entries.Where(e => e.Plugin == plugin || (e.ArtifactType == ArtifactType.Plugin && e.Name == plugin));
        }

        var ids = await entries.OrderBy(e => e.Path).Select(e => e.Id).Take(max + 1).ToListAsync(ct);
        return ids.Count == 0
            ? throw new RequestValidationException("selection", "The selection matches no entry that can be imported.")
            : ids.Count > max
                ? throw new RequestValidationException("selection",
                    $"The selection matches more than {max} entries (Import:MaxEntriesPerRequest); narrow it by status, type or plugin.")
                : ids;
    }
}
