using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class CompositeArtifactConfiguration : IEntityTypeConfiguration<CompositeArtifact>
{
    public void Configure(EntityTypeBuilder<CompositeArtifact> builder)
    {
        builder.ToTable("composite_artifacts");
        builder.HasKey(c => c.ArtifactId);
        builder.Property(c => c.Manifest).HasMaxLength(65536);
        builder.HasOne(c => c.Artifact).WithOne().HasForeignKey<CompositeArtifact>(c => c.ArtifactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Members).WithOne().HasForeignKey(m => m.CompositeId).OnDelete(DeleteBehavior.Cascade);
    }
}
