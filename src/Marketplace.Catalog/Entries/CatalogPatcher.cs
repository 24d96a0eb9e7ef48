using Marketplace.Catalog.Sources;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Entries;

/// <summary>Edits one catalog entry: exclude (with a reason) or restore, and/or a new description; checked before the unit.</summary>
internal static class CatalogPatcher
{
    public static async Task<CatalogEntry> PatchAsync(IWriteUnitRunner writes, TimeProvider time, Guid sourceId, Guid entryId,
        CatalogEntryPatch patch, CancellationToken cancellationToken)
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

        foreach (var (field, text) in new[] { ("excludedReason", patch.ExcludedReason), ("description", patch.Description) })
        {
            if (text is not null && SafeText.HasUnsafe(text, allowLineBreaks: true))
            {
                errors[field] = [$"{field} must not hold control, format or bidirectional characters (line breaks and tabs are fine)."];
            }
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
    }
}
