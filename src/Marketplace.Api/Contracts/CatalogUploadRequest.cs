using Marketplace.Catalog.Entries;
using Marketplace.Data.Model;

namespace Marketplace.Api.Contracts;

/// <summary>Body of <c>PUT …/sources/{id}/catalog</c>: entries upserted by path.</summary>
public sealed record CatalogUploadRequest(IReadOnlyList<CatalogItemRequest?>? Entries)
{
    /// <summary>Unchecked items; <see cref="CatalogService.UpsertAsync"/> reports every problem by index.</summary>
    public IReadOnlyList<CatalogItem>? ToItems() => Entries?.Select(e => e is null ? null! : new CatalogItem(
        e.ArtifactType ?? (ArtifactType)(-1), e.Name!, e.Path!, e.Description, e.Version, e.Tags, e.Sha, e.Confidence ?? 100,
        e.UpstreamUrl) { Plugin = e.Plugin }).ToList();
}

/// <summary>One entry of a catalog upload; <c>plugin</c> names the plugin it belongs to (else the plugin whose path it lies
/// below, if the upload has one).</summary>
public sealed record CatalogItemRequest(
    string? Path,
    string? Name,
    ArtifactType? ArtifactType,
    string? Description = null,
    string? Version = null,
    IReadOnlyList<string>? Tags = null,
    string? Sha = null,
    int? Confidence = null,
    string? UpstreamUrl = null,
    string? Plugin = null);
