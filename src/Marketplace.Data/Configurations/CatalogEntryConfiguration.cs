using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class CatalogEntryConfiguration : IEntityTypeConfiguration<CatalogEntry>
{
    public void Configure(EntityTypeBuilder<CatalogEntry> builder)
    {
        builder.ToTable("catalog_entries", t => t.HasCheckConstraint("ck_catalog_entries_confidence", "confidence BETWEEN 0 AND 100"));
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.Property(e => e.Path).HasMaxLength(1024);
        builder.Property(e => e.DisplayName).HasMaxLength(300);
        builder.Property(e => e.Plugin).HasMaxLength(ArtifactIdentity.MaxQualifierLength);
        builder.Property(e => e.Key).HasMaxLength(ArtifactIdentity.MaxKeyLength);
        builder.Property(e => e.Commit).HasMaxLength(64);
        builder.Property(e => e.Author).HasMaxLength(200);
        builder.Property(e => e.Category).HasMaxLength(100);
        builder.Property(e => e.RemoteSource).HasMaxLength(1024);
        builder.Property(e => e.Problem).HasMaxLength(1000);
        builder.Property(e => e.CollidedWith).HasMaxLength(ArtifactIdentity.MaxKeyLength);
        builder.Property(e => e.UpstreamUrl).HasMaxLength(2048);
        builder.Property(e => e.DetectedSha).HasMaxLength(64);
        builder.Property(e => e.DetectedVersion).HasMaxLength(64);
        builder.Property(e => e.ExcludedReason).HasMaxLength(500);
        builder.Property(e => e.ImportError).HasMaxLength(2000);
        builder.Property(e => e.Description).HasMaxLength(2000);
        // A path identifies an artifact within its source; rescans and catalog uploads upsert by it.
        builder.HasIndex(e => new { e.SourceId, e.Path }).IsUnique().HasDatabaseName("ux_catalog_entries_source_path");
        builder.HasIndex(e => new { e.SourceId, e.Status }).HasDatabaseName("ix_catalog_entries_source_status");
        builder.HasIndex(e => e.ImportedArtifactId).HasDatabaseName("ix_catalog_entries_imported_artifact");
        builder.HasIndex(e => new { e.SourceId, e.ArtifactType }).HasDatabaseName("ix_catalog_entries_source_type");
        builder.HasIndex(e => new { e.SourceId, e.Plugin }).HasDatabaseName("ix_catalog_entries_source_plugin");
    }
}
