using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class MarketplaceSourceConfiguration : IEntityTypeConfiguration<MarketplaceSource>
{
    public void Configure(EntityTypeBuilder<MarketplaceSource> builder)
    {
        builder.ToTable("marketplace_sources");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.RepoUrl).HasMaxLength(2048);
        builder.Property(s => s.Ref).HasMaxLength(200);
        builder.Property(s => s.LocalPath).HasMaxLength(1024);
        builder.Property(s => s.ScanError).HasMaxLength(2000);
        builder.Property(s => s.Namespace).HasMaxLength(ArtifactIdentity.MaxQualifierLength);
        builder.Property(s => s.MarketplaceName).HasMaxLength(200);
        builder.Property(s => s.Owner).HasMaxLength(200);
        builder.Property(s => s.Description).HasMaxLength(2000);
        builder.Property(s => s.ResolvedCommit).HasMaxLength(64);
        builder.Property(s => s.ScanFingerprint).HasMaxLength(64);
        // One source per repository: registering the same repository twice would import its artifacts twice.
        builder.HasIndex(s => s.RepoUrl).IsUnique().HasDatabaseName("ux_marketplace_sources_repo_url");
        builder.HasMany(s => s.Entries).WithOne(e => e.Source).HasForeignKey(e => e.SourceId).OnDelete(DeleteBehavior.Cascade);
    }
}
