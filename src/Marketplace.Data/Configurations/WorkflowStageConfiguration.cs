using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class WorkflowStageConfiguration : IEntityTypeConfiguration<WorkflowStage>
{
    public void Configure(EntityTypeBuilder<WorkflowStage> builder)
    {
        builder.ToTable("workflow_stages");
        // The key says a stage id appears once in a workflow; depends_on refers to stages by it.
        builder.HasKey(s => new { s.WorkflowId, s.StageId });
        builder.Property(s => s.StageId).HasMaxLength(100);
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.Type).HasMaxLength(100);
    }
}
