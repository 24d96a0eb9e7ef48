using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class ArtifactFileConfiguration : IEntityTypeConfiguration<ArtifactFile>
{
    public void Configure(EntityTypeBuilder<ArtifactFile> builder)
    {
        builder.ToTable("artifact_files");
        // The key says a path appears once in an artifact.
        builder.HasKey(f => new { f.ArtifactId, f.RelativePath });
        builder.Property(f => f.RelativePath).HasMaxLength(1024);
        builder.Property(f => f.BlobSha256).HasMaxLength(64);
        builder.HasOne<Artifact>().WithMany().HasForeignKey(f => f.ArtifactId).OnDelete(DeleteBehavior.Cascade);
        // Blobs outlive a deleted artifact only while another file points at them; Restrict keeps a referenced blob.
        builder.HasOne<ContentBlob>().WithMany().HasForeignKey(f => f.BlobSha256).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(f => f.BlobSha256).HasDatabaseName("ix_artifact_files_blob");
    }
}
