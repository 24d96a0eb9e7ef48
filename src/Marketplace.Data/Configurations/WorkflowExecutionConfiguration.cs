using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class WorkflowExecutionConfiguration : IEntityTypeConfiguration<WorkflowExecution>
{
    public void Configure(EntityTypeBuilder<WorkflowExecution> builder)
    {
        builder.ToTable("workflow_executions");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.WorkflowName).HasMaxLength(200);
        builder.Property(e => e.WorkflowVersion).HasMaxLength(64);
        builder.Property(e => e.DefinitionHash).HasMaxLength(64);
        builder.Property(e => e.Definition).HasMaxLength(1024 * 1024);
        builder.Property(e => e.Trigger).HasMaxLength(64);
        builder.Property(e => e.Parameters).HasMaxLength(1024 * 1024);
        builder.Property(e => e.LeaseOwner).HasMaxLength(200);
        builder.Property(e => e.Error).HasMaxLength(4000);
        // Executions outlive their definition: deleting a workflow only clears the link.
        builder.HasOne<Workflow>().WithMany().HasForeignKey(e => e.WorkflowId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(e => e.Steps).WithOne().HasForeignKey(s => s.ExecutionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.Status, e.LeaseExpiresAt }).HasDatabaseName("ix_workflow_executions_claim");
        builder.HasIndex(e => new { e.WorkflowId, e.CreatedAt }).HasDatabaseName("ix_workflow_executions_workflow_created");
    }
}
