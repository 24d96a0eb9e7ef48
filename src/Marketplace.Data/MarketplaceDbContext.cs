using System.Text;
using Marketplace.Data.Model;
using Marketplace.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Data;

/// <summary>
/// The Marketplace database. Create one per unit of work from the pooled
/// <see cref="IDbContextFactory{TContext}"/>; never construct options by hand.
/// </summary>
public sealed class MarketplaceDbContext(DbContextOptions<MarketplaceDbContext> options) : DbContext(options)
{
    public DbSet<MarketplaceSource> Sources => Set<MarketplaceSource>();
    public DbSet<CatalogEntry> CatalogEntries => Set<CatalogEntry>();
    public DbSet<Collection> Collections => Set<Collection>();
    public DbSet<Artifact> Artifacts => Set<Artifact>();
    public DbSet<CollectionArtifact> CollectionArtifacts => Set<CollectionArtifact>();
    public DbSet<CompositeArtifact> CompositeArtifacts => Set<CompositeArtifact>();
    public DbSet<CompositeMembership> CompositeMemberships => Set<CompositeMembership>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<ArtifactTag> ArtifactTags => Set<ArtifactTag>();
    public DbSet<ContentBlob> ContentBlobs => Set<ContentBlob>();
    public DbSet<ArtifactFile> ArtifactFiles => Set<ArtifactFile>();
    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<ImportEntryResult> ImportEntryResults => Set<ImportEntryResult>();
    public DbSet<ScanJob> ScanJobs => Set<ScanJob>();
    public DbSet<JobEvent> JobEvents => Set<JobEvent>();
    public DbSet<Workflow> Workflows => Set<Workflow>();
    public DbSet<WorkflowStage> WorkflowStages => Set<WorkflowStage>();
    public DbSet<WorkflowExecution> WorkflowExecutions => Set<WorkflowExecution>();
    public DbSet<ExecutionStep> ExecutionSteps => Set<ExecutionStep>();
    public DbSet<ExecutionEvent> ExecutionEvents => Set<ExecutionEvent>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored as their names: readable in the file and stable when members are reordered.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        if (Database.IsSqlite())
        {
            SqliteModelConventions.Apply(configurationBuilder);
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MarketplaceDbContext).Assembly);
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            property.SetColumnName(ToSnakeCase(property.Name));
        }
    }

    private static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
