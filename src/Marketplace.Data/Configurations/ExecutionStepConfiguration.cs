using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class ExecutionStepConfiguration : IEntityTypeConfiguration<ExecutionStep>
{
    public void Configure(EntityTypeBuilder<ExecutionStep> builder)
    {
        builder.ToTable("execution_steps");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.StageId).HasMaxLength(100);
        builder.Property(s => s.Inputs).HasMaxLength(1024 * 1024);
        builder.Property(s => s.Outputs).HasMaxLength(1024 * 1024);
        builder.Property(s => s.Error).HasMaxLength(4000);
        // One step per stage and execution: a second row would let two runners run the same stage.
        builder.HasIndex(s => new { s.ExecutionId, s.StageId }).IsUnique().HasDatabaseName("ux_execution_steps_execution_stage");
    }
}
