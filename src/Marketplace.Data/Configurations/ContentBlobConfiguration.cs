using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class ContentBlobConfiguration : IEntityTypeConfiguration<ContentBlob>
{
    public void Configure(EntityTypeBuilder<ContentBlob> builder)
    {
        builder.ToTable("content_blobs");
        // Keyed by the content's SHA-256, so identical files are stored once.
        builder.HasKey(b => b.Sha256);
        builder.Property(b => b.Sha256).HasMaxLength(64);
        builder.Property(b => b.Content).HasMaxLength(16 * 1024 * 1024);
    }
}
