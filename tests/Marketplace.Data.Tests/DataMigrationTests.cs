using Marketplace.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Marketplace.Data.Tests;

/// <summary>
/// Migrations that rewrite stored data, each run on a database created by the migration before it, on both
/// providers: rows are written with the SQL of that older schema, then the database is migrated to the latest.
/// </summary>
public sealed class DataMigrationTests(DataMigrationTests.Server server) : IClassFixture<DataMigrationTests.Server>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class Server : IAsyncLifetime
    {
        internal PostgresServer Instance { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Instance = await PostgresServer.StartAsync();

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await Instance.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task WireNameKeys_McpServerKeysOfThePreviousSchema_UseTheWireName(string provider)
    {
        await using var db = await ContextAsync(provider);
        await MigrateToJustBeforeAsync(db, "WireNameKeys");
        var id = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO artifacts (id, key, type, name, created_at, updated_at) VALUES ({id}, {"mcpserver:fs"}, {"McpServer"}, {"fs"}, {now}, {now})", Ct);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO artifacts (id, key, type, name, created_at, updated_at) VALUES ({Guid.NewGuid()}, {"skill:mcpserver:x"}, {"Skill"}, {"x"}, {now}, {now})", Ct);

        await db.Database.MigrateAsync(Ct);

        var keys = await db.Database.SqlQuery<string>($"SELECT key AS \"Value\" FROM artifacts ORDER BY key").ToListAsync(Ct);
        Assert.Equal(["mcp_server:fs", "skill:mcpserver:x"], keys);
    }

    private async Task<MarketplaceDbContext> ContextAsync(string provider)
    {
        var builder = new DbContextOptionsBuilder<MarketplaceDbContext>();
        if (provider == "Postgres")
        {
            builder.UseNpgsql(await server.Instance.CreateDatabaseAsync(Ct), o => o.MigrationsAssembly(MarketplaceDataServiceCollectionExtensions.PostgresMigrationsAssembly));
        }
        else
        {
            var file = Path.Combine(Directory.CreateTempSubdirectory("marketplace-migrations-").FullName, "marketplace.db");
            builder.UseSqlite($"Data Source={file};Pooling=False", o => o.MigrationsAssembly(MarketplaceDataServiceCollectionExtensions.SqliteMigrationsAssembly));
        }

        return new MarketplaceDbContext(builder.Options);
    }

    /// <summary>Applies every migration before the one whose name ends with <paramref name="name"/>.</summary>
    private static async Task MigrateToJustBeforeAsync(MarketplaceDbContext db, string name)
    {
        var all = db.Database.GetMigrations().ToList();
        var index = all.FindIndex(m => m.EndsWith("_" + name, StringComparison.Ordinal));
        Assert.True(index > 0, $"no migration named {name} after another");
        await db.GetService<IMigrator>().MigrateAsync(all[index - 1], Ct);
    }
}
