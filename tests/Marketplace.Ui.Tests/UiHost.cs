using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Ui.Tests;

/// <summary>
/// The real API host on Kestrel (127.0.0.1, a free port) over a fresh SQLite file in a temp folder, so a real browser
/// can load the UI and call the API; the settings given override configuration (e.g. <c>Api:Keys:0</c>).
/// </summary>
public sealed class UiHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public UiHost(Dictionary<string, string?>? settings = null)
    {
        _settings = settings ?? [];
        DataFolder = Directory.CreateTempSubdirectory("marketplace-ui-tests-").FullName;
        SourcesFolder = Directory.CreateDirectory(Path.Combine(DataFolder, "sources")).FullName;
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; }

    public string DataFolder { get; }

    /// <summary>The one folder local sources may be read from.</summary>
    public string SourcesFolder { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(DataFolder, "marketplace.db")}");
        builder.UseSetting("Cache:Path", Path.Combine(DataFolder, "cache.db"));
        builder.UseSetting("Sources:AllowedRoots:0", SourcesFolder);
        builder.UseSetting("Sources:AllowedRoots:1", SourcesFolder);
        builder.UseSetting("Git:MirrorsPath", Path.Combine(DataFolder, "mirrors"));
        builder.UseSetting("Maintenance:Enabled", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataFolder, recursive: true);
    }
}
