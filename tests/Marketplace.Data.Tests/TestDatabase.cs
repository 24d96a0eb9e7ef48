using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Data.Tests;

/// <summary>A real SQLite file in its own temp folder, migrated, with the data layer registered as the app does it.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _started;

    private TestDatabase(string folder, IHost host)
    {
        Folder = folder;
        _host = host;
    }

    public string Folder { get; }
    public string FilePath => Path.Combine(Folder, "marketplace.db");
    public IServiceProvider Services => _host.Services;
    public IDbContextFactory<MarketplaceDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<MarketplaceDbContext>>();
    public IWriteUnitRunner Writes => Services.GetRequiredService<IWriteUnitRunner>();

    /// <summary>Creates and starts (so migrations run) a host over a fresh file; <paramref name="settings"/> override configuration.</summary>
    public static async Task<TestDatabase> CreateAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var folder = Directory.CreateTempSubdirectory("marketplace-tests-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder });
        builder.Configuration["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "marketplace.db")}";
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.AddMarketplaceData();
        configure?.Invoke(builder.Services);
        var database = new TestDatabase(folder, builder.Build());
        try
        {
            await database._host.StartAsync(TestContext.Current.CancellationToken);
            database._started = true;
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds a source row for tests that need a parent for catalog entries.</summary>
    public async Task<Guid> AddSourceAsync(string? repoUrl = null)
    {
        var id = Guid.NewGuid();
        await Writes.RunAsync((db, _) =>
        {
            db.Sources.Add(new MarketplaceSource
            {
                Id = id,
                Name = "test",
                Namespace = "test",
                RepoUrl = repoUrl ?? $"https://example.test/{id}",
                CreatedAt = DateTimeOffset.UnixEpoch,
                UpdatedAt = DateTimeOffset.UnixEpoch,
            });
            return Task.CompletedTask;
        }, TestContext.Current.CancellationToken);
        return id;
    }

    public static CatalogEntry Entry(Guid sourceId, string path) => new()
    {
        Id = Guid.NewGuid(),
        SourceId = sourceId,
        Name = path,
        Key = $"command:{path}@test",
        Path = path,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _host.StopAsync(CancellationToken.None);
        }

        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold the file for a moment; the OS temp cleaner takes what is left.
        }
    }
}
