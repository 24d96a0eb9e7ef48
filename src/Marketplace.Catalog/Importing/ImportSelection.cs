namespace Marketplace.Catalog.Importing;

/// <summary>
/// Entries chosen by what they are rather than by id: every entry of the source (<see cref="All"/>), or those matching a
/// status, a type (wire names) and/or a plugin (the plugin and its components). Excluded and removed entries are never
/// selected. Resolved to entry ids before the job is written, so the job stores plain ids.
/// </summary>
public sealed record ImportSelection(bool? All = null, string? Status = null, string? Type = null, string? Plugin = null);
