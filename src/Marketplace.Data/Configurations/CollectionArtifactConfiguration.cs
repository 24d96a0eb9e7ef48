using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class CollectionArtifactConfiguration : IEntityTypeConfiguration<CollectionArtifact>
{
    public void Configure(EntityTypeBuilder<CollectionArtifact> builder)
    {
        builder.ToTable("collection_artifacts");
        // The key says an artifact is in a collection at most once.
        builder.HasKey(ca => new { ca.CollectionId, ca.ArtifactId });
        builder.Property(ca => ca.Description).HasMaxLength(2000);
        builder.Property(ca => ca.Author).HasMaxLength(200);
        builder.Property(ca => ca.License).HasMaxLength(100);
        builder.Property(ca => ca.Version).HasMaxLength(64);
        builder.Property(ca => ca.ResolvedSha).HasMaxLength(64);
        builder.Property(ca => ca.ContentHash).HasMaxLength(64);
        builder.Property(ca => ca.StructureHash).HasMaxLength(64);
        builder.Property(ca => ca.Origin).HasMaxLength(2048);
        builder.HasOne(ca => ca.Collection).WithMany().HasForeignKey(ca => ca.CollectionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(ca => ca.Artifact).WithMany().HasForeignKey(ca => ca.ArtifactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(ca => ca.ArtifactId).HasDatabaseName("ix_collection_artifacts_artifact");
    }
}
