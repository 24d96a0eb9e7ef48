using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class ArtifactConfiguration : IEntityTypeConfiguration<Artifact>
{
    public void Configure(EntityTypeBuilder<Artifact> builder)
    {
        // A name is one path-free segment: ':' separates type from name in the key and '/' would read as a path.
        builder.ToTable("artifacts", t => t.HasCheckConstraint("ck_artifacts_name",
            "length(name) BETWEEN 1 AND 200 AND name NOT LIKE '%:%' AND name NOT LIKE '%/%'"));
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Key).HasMaxLength(ArtifactIdentity.MaxKeyLength);
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.DisplayName).HasMaxLength(300);
        builder.Property(a => a.Plugin).HasMaxLength(ArtifactIdentity.MaxQualifierLength);
        builder.Property(a => a.Namespace).HasMaxLength(ArtifactIdentity.MaxQualifierLength);
        builder.Property(a => a.SourceUrl).HasMaxLength(2048);
        builder.Property(a => a.ContentHash).HasMaxLength(64);
        // The key (type, plugin, name, namespace) is how users and conflict resolution address an artifact; two rows with one
        // key would make imports ambiguous.
        builder.HasIndex(a => a.Key).IsUnique().HasDatabaseName("ux_artifacts_key");
    }
}
