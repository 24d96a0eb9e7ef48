using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> builder)
    {
        builder.ToTable("tags");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(100);
        // A tag is its name; duplicates would split one tag's artifacts across rows.
        builder.HasIndex(t => t.Name).IsUnique().HasDatabaseName("ux_tags_name");
    }
}
