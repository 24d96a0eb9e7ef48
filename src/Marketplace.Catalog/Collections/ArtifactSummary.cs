using Marketplace.Data.Model;

namespace Marketplace.Catalog.Collections;

/// <summary>An artifact in a collection, as listed.</summary>
public sealed record ArtifactSummary(Guid Id, string Key, ArtifactType Type, string Name, string? Version, string? Description,
    int FileCount, long TotalSize, DateTimeOffset AddedAt, DateTimeOffset SyncedAt);
