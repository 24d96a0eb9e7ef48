namespace Marketplace.Api.Contracts;

/// <summary>Body of <c>PATCH …/catalog/{entryId}</c>: exclude (with a reason) or restore, and/or a new description.</summary>
public sealed record PatchCatalogEntryRequest(bool? Excluded = null, string? ExcludedReason = null, string? Description = null);
