using Marketplace.Api.Tests.Postgres;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests;

/// <summary>The real API host on a fresh SQLite file in a temp data folder; settings override configuration.</summary>
public sealed class MarketplaceApiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public MarketplaceApiFactory() : this([])
    {
    }

    public MarketplaceApiFactory(Dictionary<string, string?> settings)
    {
        _settings = settings;
        DataFolder = Directory.CreateTempSubdirectory("marketplace-api-tests-").FullName;
        SourcesFolder = Directory.CreateDirectory(Path.Combine(DataFolder, "sources")).FullName;
    }

    /// <summary>A host on a fresh SQLite file, or on a new database of <paramref name="postgres"/> when one is given.</summary>
    public static async Task<MarketplaceApiFactory> CreateAsync(PostgresFixture? postgres, Dictionary<string, string?>? settings = null) =>
        new(postgres is null ? settings ?? [] : await postgres.OnNewDatabaseAsync(settings));

    public string DataFolder { get; }

    /// <summary>Extra registrations, e.g. test stage handlers.</summary>
    public Action<IServiceCollection>? ExtraServices { get; init; }

    /// <summary>The one folder local sources may be read from in these tests.</summary>
    public string SourcesFolder { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(DataFolder, "marketplace.db")}");
        builder.UseSetting("Cache:Path", Path.Combine(DataFolder, "cache.db"));
        builder.UseSetting("Sources:AllowedRoots:0", SourcesFolder);
        builder.UseSetting("Git:MirrorsPath", Path.Combine(DataFolder, "mirrors"));
        builder.UseSetting("Logging:LogLevel:Microsoft", "Warning");
        builder.UseSetting("Logging:LogLevel:Marketplace", "Warning");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (ExtraServices is { } services)
        {
            builder.ConfigureServices(services);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataFolder, recursive: true);
    }
}
