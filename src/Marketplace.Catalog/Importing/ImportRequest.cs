namespace Marketplace.Catalog.Importing;

/// <summary>An import of catalog entries, by id or by <see cref="Selection"/>; fields are unchecked until <see
/// cref="ImportService.StartAsync"/>.</summary>
public sealed record ImportRequest(IReadOnlyList<Guid>? EntryIds, string? ConflictStrategy, int? BatchSize = null,
    ImportSelection? Selection = null);
