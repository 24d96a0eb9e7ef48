using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Data.Configurations;

internal sealed class ImportEntryResultConfiguration : IEntityTypeConfiguration<ImportEntryResult>
{
    public void Configure(EntityTypeBuilder<ImportEntryResult> builder)
    {
        builder.ToTable("import_entry_results");
        // The key says an entry has one outcome per import, which is what makes resume skip finished entries.
        builder.HasKey(r => new { r.ImportJobId, r.CatalogEntryId });
        builder.Property(r => r.ArtifactKey).HasMaxLength(ArtifactIdentity.MaxKeyLength);
        builder.Property(r => r.CollidedWith).HasMaxLength(ArtifactIdentity.MaxKeyLength);
        builder.Property(r => r.Error).HasMaxLength(2000);
    }
}
