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

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task GitSourcesAndIdentity_KeysOfThePreviousSchema_AreQualifiedByPluginAndNamespace(string provider)
    {
        await using var db = await ContextAsync(provider);
        await MigrateToJustBeforeAsync(db, "GitSourcesAndIdentity");
        var (source, gone) = (Guid.NewGuid(), Guid.NewGuid());
        var (plugin, child, renamed, standalone, orphan) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var now = DateTimeOffset.UtcNow;
        await db.Database.ExecuteSqlAsync($"INSERT INTO marketplace_sources (id, name, repo_url, ref, trust_level, scan_status, entry_count, imported_count, created_at, updated_at) VALUES ({source}, {"Acme Tools"}, {"https://example.test/acme"}, {"main"}, {"Untrusted"}, {"Succeeded"}, 0, 0, {now}, {now})", Ct);
        foreach (var (id, key, type, name) in new[] { (plugin, "plugin:git-toolkit", "Plugin", "git-toolkit"), (child, "command:squash", "Command", "squash"),
            (renamed, "command:squash-1", "Command", "squash-1"), (standalone, "skill:csv", "Skill", "csv"), (orphan, "agent:left", "Agent", "left") })
        {
            await db.Database.ExecuteSqlAsync($"INSERT INTO artifacts (id, key, type, name, created_at, updated_at) VALUES ({id}, {key}, {type}, {name}, {now}, {now})", Ct);
        }

        foreach (var (artifact, type, name, path) in new[] { (plugin, "Plugin", "git-toolkit", "plugins/git-toolkit"), (child, "Command", "squash", "plugins/git-toolkit/commands/squash.md"),
            (renamed, "Command", "squash", "backup/commands/squash.md"), (standalone, "Skill", "csv", "skills/csv") })
        {
            await db.Database.ExecuteSqlRawAsync(provider == "Postgres" ? EntrySql.Replace("[]", "{{}}", StringComparison.Ordinal) : EntrySql,
                [Guid.NewGuid(), source, type, name, path, artifact, Stamp(provider, now)], Ct);
        }

        await db.Database.ExecuteSqlRawAsync(provider == "Postgres" ? JobSql.Replace("[]", "{{}}", StringComparison.Ordinal) : JobSql,
            [gone, source, Stamp(provider, now)], Ct);
        await db.Database.ExecuteSqlAsync($"INSERT INTO import_entry_results (import_job_id, catalog_entry_id, batch_index, outcome, artifact_key, artifact_id, at) VALUES ({gone}, {Guid.NewGuid()}, 0, {"Imported"}, {"command:squash"}, {child}, {now})", Ct);

        await db.Database.MigrateAsync(Ct);

        var keys = await db.Database.SqlQuery<string>($"SELECT key AS \"Value\" FROM artifacts ORDER BY key").ToListAsync(Ct);
        Assert.Equal(["agent:left", "command:git-toolkit:squash@Acme-Tools", "command:squash-1@Acme-Tools", "plugin:git-toolkit@Acme-Tools",
            "skill:csv@Acme-Tools"], keys);
        var entryKeys = await db.Database.SqlQuery<string>($"SELECT key AS \"Value\" FROM catalog_entries ORDER BY key").ToListAsync(Ct);
        Assert.Equal(["command:git-toolkit:squash@Acme-Tools", "command:squash@Acme-Tools", "plugin:git-toolkit@Acme-Tools", "skill:csv@Acme-Tools"], entryKeys);
        Assert.Equal(["command:git-toolkit:squash@Acme-Tools"], await db.Database.SqlQuery<string>($"SELECT artifact_key AS \"Value\" FROM import_entry_results").ToListAsync(Ct));
        Assert.Equal(["Acme-Tools"], await db.Database.SqlQuery<string>($"SELECT namespace AS \"Value\" FROM marketplace_sources").ToListAsync(Ct));
    }

    // An empty list column is '[]' (JSON) on SQLite and '{}' (an array) on PostgreSQL.
    private const string EntrySql = "INSERT INTO catalog_entries (id, source_id, artifact_type, name, path, confidence, status, imported_artifact_id, "
        + "imported_at, tags, created_at, updated_at) VALUES ({0}, {1}, {2}, {3}, {4}, 100, 'Imported', {5}, {6}, '[]', {6}, {6})";

    private const string JobSql = "INSERT INTO import_jobs (id, source_id, conflict_strategy, batch_size, status, entry_ids, total_count, "
        + "imported_count, skipped_count, failed_count, started_at) VALUES ({0}, {1}, 'Skip', 10, 'Completed', '[]', 1, 1, 0, 0, {2})";

    /// <summary>A raw parameter for a timestamp column: UTC ticks on SQLite (the model's converter), the value itself on PostgreSQL.</summary>
    private static object Stamp(string provider, DateTimeOffset at) => provider == "Postgres" ? at : at.UtcTicks;

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
