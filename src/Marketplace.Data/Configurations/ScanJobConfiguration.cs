using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class ScanJobConfiguration : IEntityTypeConfiguration<ScanJob>
{
    public void Configure(EntityTypeBuilder<ScanJob> builder)
    {
        builder.ToTable("scan_jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Error).HasMaxLength(2000);
        builder.Property(j => j.LeaseOwner).HasMaxLength(200);
        builder.Property(j => j.Result).HasMaxLength(8 * 1024 * 1024);
        builder.HasOne<MarketplaceSource>().WithMany().HasForeignKey(j => j.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(j => new { j.SourceId, j.CreatedAt }).HasDatabaseName("ix_scan_jobs_source_created");
        builder.HasIndex(j => new { j.Status, j.LeaseExpiresAt }).HasDatabaseName("ix_scan_jobs_claim");
    }
}
