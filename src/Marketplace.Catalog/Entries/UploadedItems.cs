using Marketplace.Catalog.Sources;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Entries;

/// <summary>
/// Catalog uploads named as scans name them: a name that cannot be a key keeps its display name and gets a slug, and an
/// entry below an uploaded plugin's path (without a plugin of its own) belongs to that plugin.
/// </summary>
internal static class UploadedItems
{
    public static List<CatalogItem> Normalize(IReadOnlyList<CatalogItem> items)
    {
        var named = items.Select(i => ArtifactNames.Problem(i.Name) is null ? i
            : i with { Name = ArtifactNames.Slug(i.Name, Path.GetFileNameWithoutExtension(i.Path.Split('#')[0])), DisplayName = i.Name })
            .ToList();
        var plugins = named.Where(i => i.Type == ArtifactType.Plugin).OrderByDescending(i => i.Path.Length).ToList();
        return [.. named.Select(i => i.Type == ArtifactType.Plugin || i.Plugin is not null ? i with { Plugin = Qualifier(i.Plugin) }
            : plugins.FirstOrDefault(p => SourceLayout.IsBelow(i.Path.Split('#')[0], p.Path)) is { } owner
                ? i with { Plugin = ArtifactIdentity.Qualifier(owner.Name) } : i)];
    }

    private static string? Qualifier(string? plugin) => plugin is null ? null : ArtifactIdentity.Qualifier(plugin);
}
