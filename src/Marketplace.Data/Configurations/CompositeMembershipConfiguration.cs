using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class CompositeMembershipConfiguration : IEntityTypeConfiguration<CompositeMembership>
{
    public void Configure(EntityTypeBuilder<CompositeMembership> builder)
    {
        builder.ToTable("composite_memberships");
        // The key says a child appears in a composite once.
        builder.HasKey(m => new { m.CompositeId, m.ChildArtifactId });
        builder.Property(m => m.Relationship).HasMaxLength(32);
        // Positions order the members; two members at one position would make the order ambiguous.
        builder.HasIndex(m => new { m.CompositeId, m.Position }).IsUnique().HasDatabaseName("ux_composite_memberships_position");
        builder.HasIndex(m => m.ChildArtifactId).HasDatabaseName("ix_composite_memberships_child");
        builder.HasOne(m => m.Child).WithMany().HasForeignKey(m => m.ChildArtifactId).OnDelete(DeleteBehavior.Cascade);
    }
}
