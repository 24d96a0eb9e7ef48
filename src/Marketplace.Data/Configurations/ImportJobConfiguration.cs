using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.ToTable("import_jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Error).HasMaxLength(2000);
        builder.Property(j => j.LeaseOwner).HasMaxLength(200);
        builder.HasOne<MarketplaceSource>().WithMany().HasForeignKey(j => j.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(j => j.Batches).WithOne().HasForeignKey(b => b.ImportJobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(j => j.Entries).WithOne().HasForeignKey(e => e.ImportJobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(j => new { j.SourceId, j.StartedAt }).HasDatabaseName("ix_import_jobs_source_started");
        builder.HasIndex(j => j.Status).HasDatabaseName("ix_import_jobs_status");
    }
}
