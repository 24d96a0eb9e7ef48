using Marketplace.Catalog.Importing;

namespace Marketplace.Api.Contracts;

/// <summary>
/// Body of <c>POST …/sources/{id}/import</c>: <c>entryIds</c>, or a <c>selection</c> (<c>{"all": true}</c>, or any of
/// <c>status</c>, <c>type</c>, <c>plugin</c>); <c>batchSize</c> overrides <c>Import:BatchSize</c> within 1..1000.
/// </summary>
public sealed record ImportRequestBody(IReadOnlyList<Guid>? EntryIds, string? ConflictStrategy, int? BatchSize = null,
    ImportSelection? Selection = null);
