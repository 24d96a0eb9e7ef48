namespace Marketplace.Catalog.Importing;

/// <summary>An import of catalog entries; fields are unchecked until <see cref="ImportService.StartAsync"/>.</summary>
public sealed record ImportRequest(IReadOnlyList<Guid>? EntryIds, string? ConflictStrategy, int? BatchSize = null);
