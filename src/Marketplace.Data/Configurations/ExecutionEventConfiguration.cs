using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class ExecutionEventConfiguration : IEntityTypeConfiguration<ExecutionEvent>
{
    public void Configure(EntityTypeBuilder<ExecutionEvent> builder)
    {
        builder.ToTable("execution_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.StageId).HasMaxLength(100);
        builder.Property(e => e.Data).HasMaxLength(1024 * 1024);
        builder.HasOne<WorkflowExecution>().WithMany().HasForeignKey(e => e.ExecutionId).OnDelete(DeleteBehavior.Cascade);
        // Sequence orders an execution's events for streaming and Last-Event-ID resume; a duplicate would be a gap or a repeat.
        builder.HasIndex(e => new { e.ExecutionId, e.Sequence }).IsUnique().HasDatabaseName("ux_execution_events_execution_sequence");
        builder.HasIndex(e => e.At).HasDatabaseName("ix_execution_events_at");
    }
}
