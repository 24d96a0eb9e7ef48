using Marketplace.Catalog.Sources;
using Marketplace.Data;

namespace Marketplace.Catalog.Entries;

/// <summary>Checks a catalog upload item by item; every problem is reported with its index.</summary>
internal static class CatalogItemValidator
{
    public static void Validate(IReadOnlyList<CatalogItem>? items, int maxEntries)
    {
        var errors = new Dictionary<string, string[]>();
        if (items is null || items.Count == 0)
        {
            throw new RequestValidationException("entries", "At least one entry is required.");
        }

        if (items.Count > maxEntries)
        {
            throw new RequestValidationException("entries",
                $"At most {maxEntries} entries per request (Import:MaxEntriesPerRequest); got {items.Count}.");
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var problems = new List<string>();
            if (item is null)
            {
                errors[$"entries[{i}]"] = ["An entry is required."];
                continue;
            }

            if (!IsCleanPath(item.Path))
            {
                problems.Add("path must be a relative '/'-separated path of at most 1024 characters without '.' or '..' segments.");
            }
            else if (!paths.Add(item.Path))
            {
                problems.Add($"path '{item.Path}' appears more than once.");
            }

            if (string.IsNullOrWhiteSpace(item.Name) || item.Name.Length > 200)
            {
                problems.Add("name is required and has at most 200 characters.");
            }
            else if (SafeText.HasUnsafe(item.Name))
            {
                problems.Add("name must not hold control, format or bidirectional characters.");
            }

            var texts = new[] { item.Description, item.Version, item.Sha, item.UpstreamUrl };
            if (texts.Any(t => t is not null && SafeText.HasUnsafe(t, allowLineBreaks: true)))
            {
                problems.Add("description, version, sha and upstreamUrl must not hold control, format or bidirectional characters.");
            }

            if (!Enum.IsDefined(item.Type))
            {
                problems.Add("artifactType is not a known type.");
            }

            if (item.Description?.Length > 2000 || item.Version?.Length > 64 || item.Sha?.Length > 64 || item.UpstreamUrl?.Length > 2048)
            {
                problems.Add("description, version, sha or upstreamUrl is too long (2000, 64, 64, 2048).");
            }

            if (item.Tags is { } tags && (tags.Count > 20 || tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 50
                || SafeText.HasUnsafe(t))))
            {
                problems.Add("tags: at most 20, each 1–50 characters without control, format or bidirectional characters.");
            }

            if (item.Confidence is < 0 or > 100)
            {
                problems.Add("confidence must be between 0 and 100.");
            }

            if (problems.Count > 0)
            {
                errors[$"entries[{i}]"] = [.. problems];
            }
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
    }

    private static bool IsCleanPath(string? path) =>
        !string.IsNullOrWhiteSpace(path)
        && path.Length <= 1024
        && !path.StartsWith('/')
        && !path.Contains('\\', StringComparison.Ordinal)
        && !SafeText.HasUnsafe(path)
        && path.Split('#')[0].Split('/').All(segment => segment.Length > 0 && segment is not "." and not "..");
}
