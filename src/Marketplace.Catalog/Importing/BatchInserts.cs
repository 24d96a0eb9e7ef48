using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.Storage;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// The rows a batch only appends, written with one multi-row statement per table. Parents go first (foreign keys
/// are checked per statement), and tracked changes (catalog entries, replaced artifacts, new tags) are saved
/// between the artifacts and the rows that point at tags.
/// </summary>
internal sealed class BatchInserts
{
    public List<Artifact> Artifacts { get; } = [];
    public List<CollectionArtifact> CollectionRows { get; } = [];
    public List<ArtifactTag> Tags { get; } = [];
    public List<ContentBlob> Blobs { get; } = [];
    public List<ArtifactFile> Files { get; } = [];
    public List<CompositeArtifact> Composites { get; } = [];
    public List<CompositeMembership> Memberships { get; } = [];
    public List<ImportEntryResult> Results { get; } = [];
    public List<ImportBatch> Batches { get; } = [];

    public async Task FlushAsync(MarketplaceDbContext db, CancellationToken ct)
    {
        await MultiRowInsert.InsertAsync(db, Artifacts, ct);
        await db.SaveChangesAsync(ct); // tracked updates, and new tags get their ids
        foreach (var link in Tags)
        {
            link.TagId = link.Tag!.Id;
        }

        await MultiRowInsert.InsertAsync(db, CollectionRows, ct);
        await MultiRowInsert.InsertAsync(db, Tags, ct);
        await MultiRowInsert.InsertAsync(db, Blobs, ct);
        await MultiRowInsert.InsertAsync(db, Files, ct);
        await MultiRowInsert.InsertAsync(db, Composites, ct);
        await MultiRowInsert.InsertAsync(db, Memberships, ct);
        await MultiRowInsert.InsertAsync(db, Results, ct);
        await MultiRowInsert.InsertAsync(db, Batches, ct);
    }
}
