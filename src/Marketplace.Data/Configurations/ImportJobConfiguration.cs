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
        builder.Property(j => j.ParentStageId).HasMaxLength(100);
        builder.HasOne<MarketplaceSource>().WithMany().HasForeignKey(j => j.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(j => j.Batches).WithOne().HasForeignKey(b => b.ImportJobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(j => j.Entries).WithOne().HasForeignKey(e => e.ImportJobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(j => new { j.SourceId, j.CreatedAt }).HasDatabaseName("ix_import_jobs_source_created");
        builder.HasIndex(j => j.CreatedAt).HasDatabaseName("ix_import_jobs_created");
        builder.HasIndex(j => new { j.Status, j.LeaseExpiresAt }).HasDatabaseName("ix_import_jobs_claim");
        // One live import per workflow step: a takeover of the step finds the job the first runner started and waits for it,
        // and two runners starting the same step at once cannot both create one. Finished jobs drop out (a retry after a
        // failed import starts a new one). The same SQL on SQLite and PostgreSQL: quoted names, enum names as stored.
        builder.HasIndex(j => new { j.ParentExecutionId, j.ParentStageId }).IsUnique()
            .HasFilter("\"parent_execution_id\" IS NOT NULL AND \"status\" IN ('Pending', 'Running')")
            .HasDatabaseName("ux_import_jobs_live_child");
    }
}
