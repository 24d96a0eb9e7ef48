using Marketplace.Data;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>Everything an import checks before it writes anything; every problem is reported at once.</summary>
internal static class ImportRequestValidator
{
    /// <summary>The request's own shape: ids, strategy, batch size.</summary>
    public static (List<Guid> EntryIds, ConflictStrategy Strategy, int BatchSize) ValidateShape(ImportRequest request,
        ImportOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        var max = options.MaxEntriesPerRequest;
        var ids = request.EntryIds?.ToList() ?? [];
        if (request.Selection is not null)
        {
            if (request.EntryIds is not null)
            {
                errors["entryIds"] = ["Give entryIds or a selection, not both."];
            }
        }
        else if (ids.Count == 0)
        {
            errors["entryIds"] = ["At least one entry id is required."];
        }
        else if (ids.Count > max)
        {
            errors["entryIds"] = [$"At most {max} entries per request (Import:MaxEntriesPerRequest); got {ids.Count}."];
        }
        else if (ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList() is { Count: > 0 } duplicates)
        {
            errors["entryIds"] = [$"Duplicate entry ids: {string.Join(", ", duplicates)}."];
        }

        ConflictStrategy strategy = default;
        if (!WireName.TryParse(request.ConflictStrategy, out strategy))
        {
            errors["conflictStrategy"] = [$"conflictStrategy must be one of: {WireName.List<ConflictStrategy>()}."];
        }

        var batchSize = request.BatchSize ?? options.BatchSize;
        if (batchSize is < ImportOptions.MinBatchSize or > ImportOptions.MaxBatchSize)
        {
            errors["batchSize"] = [$"batchSize must be between {ImportOptions.MinBatchSize} and {ImportOptions.MaxBatchSize}."];
        }

        return errors.Count > 0 ? throw new RequestValidationException(errors) : (ids, strategy, batchSize);
    }

    /// <summary>Entries must exist (404), belong to the source and not be excluded (400).</summary>
    public static void ValidateEntries(Guid sourceId, List<Guid> entryIds, Dictionary<Guid, CatalogEntry> found)
    {
        var unknown = entryIds.Where(id => !found.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            throw new NotFoundException("Catalog entry", string.Join(", ", unknown));
        }

        var errors = new Dictionary<string, string[]>();
        var foreign = entryIds.Where(id => found[id].SourceId != sourceId).ToList();
        if (foreign.Count > 0)
        {
            errors["entryIds"] = [$"These entries belong to another source: {string.Join(", ", foreign)}."];
        }

        var excluded = entryIds.Where(id => found[id].Status == CatalogEntryStatus.Excluded).ToList();
        if (excluded.Count > 0)
        {
            errors["entryIds"] = [.. errors.GetValueOrDefault("entryIds") ?? [],
                $"These entries are excluded; restore them first: {string.Join(", ", excluded)}."];
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
    }
}
