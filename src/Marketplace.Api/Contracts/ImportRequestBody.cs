namespace Marketplace.Api.Contracts;

/// <summary>Body of <c>POST …/sources/{id}/import</c>; <c>batchSize</c> overrides <c>Import:BatchSize</c> within 1..1000.</summary>
public sealed record ImportRequestBody(IReadOnlyList<Guid>? EntryIds, string? ConflictStrategy, int? BatchSize = null);
