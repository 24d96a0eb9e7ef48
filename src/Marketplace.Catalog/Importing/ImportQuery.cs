namespace Marketplace.Catalog.Importing;

/// <summary>A page of import jobs, newest first; <see cref="Status"/> is a wire name (<c>interrupted</c> included), unchecked.</summary>
public sealed record ImportQuery(Guid? SourceId, string? Status, int Skip, int Limit);
