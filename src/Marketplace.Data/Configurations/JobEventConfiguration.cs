using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

/// <summary>
/// Events of import and scan jobs. No foreign key: a row belongs to one of two tables. Deleting a source deletes its
/// jobs' events in the same unit (the jobs themselves go by cascade).
/// </summary>
internal sealed class JobEventConfiguration : IEntityTypeConfiguration<JobEvent>
{
    public void Configure(EntityTypeBuilder<JobEvent> builder)
    {
        builder.ToTable("job_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.Data).HasMaxLength(1024 * 1024);
        // Sequence orders a job's events for streaming and Last-Event-ID resume; a duplicate would be a gap or a repeat.
        builder.HasIndex(e => new { e.JobId, e.Sequence }).IsUnique().HasDatabaseName("ux_job_events_job_sequence");
    }
}
