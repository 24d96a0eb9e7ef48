using Marketplace.Catalog.Sources;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// An entry with its content already read and hashed, so the write unit holds only database work.
/// <see cref="Children"/> lists a composite's child entries in membership order.
/// </summary>
internal sealed record PreparedEntry(CatalogEntry Entry, ArtifactContent Content, FrontMatter Metadata, string? ContentError,
    IReadOnlyList<Guid> Children)
{
    public static PreparedEntry Failed(CatalogEntry entry, string error) => new(entry, ArtifactContent.None, FrontMatter.Empty, error, []);
}
