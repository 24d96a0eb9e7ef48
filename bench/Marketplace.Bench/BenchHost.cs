using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Marketplace.Bench;

/// <summary>The real API on Kestrel (loopback, free port) over a fresh SQLite file in a temp folder.</summary>
internal sealed class BenchHost : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    public BenchHost(IReadOnlyDictionary<string, string>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        Folder = Directory.CreateTempSubdirectory("marketplace-bench-").FullName;
        SourcesFolder = Directory.CreateDirectory(Path.Combine(Folder, "sources")).FullName;
        // Outside a test project the factory cannot find the API's content root; the bench's temp folder serves.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_MARKETPLACE_API", Folder);
        UseKestrel(0);
    }

    public string Folder { get; }
    public string SourcesFolder { get; }
    public string DatabaseFile => Path.Combine(Folder, "marketplace.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:ConnectionString", $"Data Source={DatabaseFile}");
        builder.UseSetting("Sources:AllowedRoots:0", SourcesFolder);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // BENCH_EF_LOG=Information shows every command EF sends (how the per-row commands of an import were found).
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", Environment.GetEnvironmentVariable("BENCH_EF_LOG") ?? "None");
        builder.UseSetting("Cache:Path", Path.Combine(Folder, "cache.db"));
        builder.UseSetting("Maintenance:Enabled", "false");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient StartClient()
    {
        StartServer();
        return CreateClient();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
