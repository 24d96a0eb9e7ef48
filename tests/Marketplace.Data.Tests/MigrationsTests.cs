using Microsoft.EntityFrameworkCore;

namespace Marketplace.Data.Tests;

public sealed class MigrationsTests
{
    [Fact]
    public async Task Model_ComparedWithLatestMigration_HasNoPendingChanges()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = await database.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);

        // Fails when an entity or configuration changed without `dotnet ef migrations add` (see README).
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task PostgresModel_ComparedWithLatestPostgresMigration_HasNoPendingChanges()
    {
        // No server needed: the comparison is between the model built for Npgsql and the migrations' snapshot.
        var options = new DbContextOptionsBuilder<MarketplaceDbContext>()
            .UseNpgsql("Host=localhost;Database=model-check", o => o.MigrationsAssembly(MarketplaceDataServiceCollectionExtensions.PostgresMigrationsAssembly))
            .Options;
        await using var db = new MarketplaceDbContext(options);

        Assert.False(db.Database.HasPendingModelChanges(), "run `dotnet ef migrations add` for migrations/Marketplace.Migrations.Postgres (see README)");
    }

    [Fact]
    public async Task Migrate_FreshFile_SeedsDefaultCollectionAndEnforcesForeignKeys()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync();
        await using var db = await database.Contexts.CreateDbContextAsync(ct);

        Assert.True(await db.Collections.AnyAsync(c => c.Id == Model.Collection.DefaultId && c.Name == "default", ct));
        db.CatalogEntries.Add(TestDatabase.Entry(Guid.NewGuid(), "orphan"));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct));
    }
}
