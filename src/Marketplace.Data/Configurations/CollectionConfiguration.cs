using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class CollectionConfiguration : IEntityTypeConfiguration<Collection>
{
    public void Configure(EntityTypeBuilder<Collection> builder)
    {
        builder.ToTable("collections");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Description).HasMaxLength(2000);
        // Collections are addressed by name in the UI and the "default" one must be unambiguous.
        builder.HasIndex(c => c.Name).IsUnique().HasDatabaseName("ux_collections_name");
        builder.HasData(new Collection
        {
            Id = Collection.DefaultId,
            Name = "default",
            Description = "The collection imports go to unless told otherwise.",
            CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });
    }
}
