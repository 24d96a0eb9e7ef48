using Marketplace.Data;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Collections;

/// <summary>Reads what was imported. Pure reads: no tracking, no transaction.</summary>
public sealed class CollectionService(IDbContextFactory<MarketplaceDbContext> contexts)
{
    public async Task<(IReadOnlyList<ArtifactSummary> Items, int Total)> ListArtifactsAsync(Guid collectionId, int skip, int limit,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Collections.AnyAsync(c => c.Id == collectionId, cancellationToken))
        {
            throw new NotFoundException("Collection", collectionId);
        }

        var rows = db.CollectionArtifacts.AsNoTracking().Where(c => c.CollectionId == collectionId);
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderBy(c => c.Artifact!.Key).Skip(skip).Take(limit)
            .Select(c => new ArtifactSummary(c.ArtifactId, c.Artifact!.Key, c.Artifact.Type, c.Artifact.Name, c.Version, c.Description,
                c.FileCount, c.TotalSize, c.AddedAt, c.SyncedAt))
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<ArtifactDetail> GetArtifactAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var artifact = await db.Artifacts.AsNoTracking().FirstOrDefaultAsync(a => a.Key == key, cancellationToken)
            ?? throw new NotFoundException("Artifact", key);
        var row = await db.CollectionArtifacts.AsNoTracking()
            .FirstOrDefaultAsync(c => c.ArtifactId == artifact.Id && c.CollectionId == Collection.DefaultId, cancellationToken);
        var tags = await db.ArtifactTags.AsNoTracking().Where(t => t.ArtifactId == artifact.Id).Select(t => t.Tag!.Name)
            .OrderBy(n => n).ToListAsync(cancellationToken);
        var files = await db.ArtifactFiles.AsNoTracking().Where(f => f.ArtifactId == artifact.Id).OrderBy(f => f.RelativePath)
            .Select(f => new ArtifactFileInfo(f.RelativePath, f.Size, f.BlobSha256)).ToListAsync(cancellationToken);
        var members = await db.CompositeMemberships.AsNoTracking().Where(m => m.CompositeId == artifact.Id).OrderBy(m => m.Position)
            .Select(m => new CompositeMemberInfo(m.Position, m.Child!.Key, m.ChildArtifactId,
                m.Relationship)).ToListAsync(cancellationToken);
        return new ArtifactDetail(artifact.Id, artifact.Key, artifact.Type, artifact.Name, artifact.SourceUrl, artifact.ContentHash,
            row?.Version, row?.Description, row?.Author, row?.License, row?.Origin, tags, files, members, artifact.CreatedAt,
                artifact.UpdatedAt)
        {
            DisplayName = artifact.DisplayName, Plugin = artifact.Plugin, Namespace = artifact.Namespace, Commit = row?.ResolvedSha,
        };
    }
}
