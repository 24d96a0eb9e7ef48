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
