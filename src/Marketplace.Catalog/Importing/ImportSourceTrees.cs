using Marketplace.Catalog.Sources;
using Marketplace.Catalog.Sources.Confinement;
using Marketplace.Catalog.Sources.Git;
using Marketplace.Data;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// Where an import reads a source's files: its folder, opened and checked now (400 naming <c>localPath</c>), or the
/// checkout of the commit its last scan read; null for a source that was never fetched (its catalog was uploaded:
/// metadata only). The request opens it to check it (<see cref="ImportService"/>), and every run opens it again
/// (<see cref="ImportProcessor"/>).
/// </summary>
public sealed class ImportSourceTrees(LocalSourcePaths localPaths, GitMirrors mirrors)
{
    public SourceTree? Open(MarketplaceSource source)
    {
        if (source.LocalPath is not null)
        {
            return localPaths.Open(source.LocalPath);
        }

        if (source.ResolvedCommit is null)
        {
            return null;
        }

        var folder = mirrors.CheckoutOf(source.Id, source.ResolvedCommit)
            ?? throw new RequestValidationException("sourceId",
                $"The commit {source.ResolvedCommit} of this source is no longer checked out; scan the source again.");
        return SourceTree.Open(LocalSourcePaths.RealPath(folder), immutable: true);
    }
}
