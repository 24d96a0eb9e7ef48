using System.Text.Json;
using Marketplace.Catalog.Entries;

namespace Marketplace.Catalog.Scanning;

/// <summary>A scan's result as stored on its job: JSON, with at most <see cref="MaxWarnings"/> warnings kept.</summary>
internal static class ScanResults
{
    public const int MaxWarnings = 1000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write(CatalogUpsertResult result) =>
        JsonSerializer.Serialize(result with { Warnings = [.. result.Warnings.Take(MaxWarnings)] }, Json);

    public static CatalogUpsertResult? Read(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<CatalogUpsertResult>(json, Json);
}
