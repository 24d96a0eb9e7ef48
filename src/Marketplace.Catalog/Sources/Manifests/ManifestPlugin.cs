using System.Text.Json.Nodes;

namespace Marketplace.Catalog.Sources.Manifests;

/// <summary>
/// One plugin a marketplace lists: its name and metadata, and either its folder in the repository (<see cref="Folder"/>,
/// "" for the root; null when the folder is missing) or the other repository it lives in (<see cref="RemoteSource"/>).
/// </summary>
internal sealed record ManifestPlugin(
    int Index,
    string Name,
    string? Folder,
    string? RemoteSource,
    string? Description,
    string? Version,
    string? Author,
    string? Category,
    IReadOnlyList<string> Tags,
    ComponentSpec Components,
    JsonObject Entry);
