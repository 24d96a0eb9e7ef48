using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class ArtifactTagConfiguration : IEntityTypeConfiguration<ArtifactTag>
{
    public void Configure(EntityTypeBuilder<ArtifactTag> builder)
    {
        builder.ToTable("artifact_tags");
        // The key says an artifact carries a tag once.
        builder.HasKey(at => new { at.ArtifactId, at.TagId });
        builder.HasOne<Artifact>().WithMany().HasForeignKey(at => at.ArtifactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(at => at.Tag).WithMany().HasForeignKey(at => at.TagId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(at => at.TagId).HasDatabaseName("ix_artifact_tags_tag");
    }
}
