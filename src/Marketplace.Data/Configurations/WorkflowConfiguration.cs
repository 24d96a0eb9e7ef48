using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class WorkflowConfiguration : IEntityTypeConfiguration<Workflow>
{
    public void Configure(EntityTypeBuilder<Workflow> builder)
    {
        builder.ToTable("workflows");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Name).HasMaxLength(200);
        builder.Property(w => w.Version).HasMaxLength(64);
        builder.Property(w => w.Definition).HasMaxLength(1024 * 1024);
        builder.Property(w => w.DefinitionHash).HasMaxLength(64);
        // Executions are started by workflow name; two definitions with one name would make that ambiguous.
        builder.HasIndex(w => w.Name).IsUnique().HasDatabaseName("ux_workflows_name");
        builder.HasMany(w => w.Stages).WithOne().HasForeignKey(s => s.WorkflowId).OnDelete(DeleteBehavior.Cascade);
    }
}
