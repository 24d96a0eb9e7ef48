using System.Net;
using System.Net.Sockets;
using Marketplace.Api.Hosting;
using Microsoft.Extensions.Configuration;

namespace Marketplace.Api.Tests;

/// <summary>The port is chosen the conventional ways (ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS, --urls); loopback 5080 otherwise.</summary>
public sealed class HostConfigurationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_WithAspNetCoreUrlsAlone_ListensAndAnswersThere()
    {
        var port = FreePort();
        using var folder = new TempFolder("marketplace-urls-");
        await using var api = await HostProcess.StartListeningAsConfiguredAsync(folder.Path, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_HTTP_PORTS"] = "",
        });

        Assert.Equal(new Uri($"http://127.0.0.1:{port}"), api.Address);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync("/health/live", Ct)).StatusCode);
    }

    [Fact]
    public async Task Start_WithHttpPortsAlone_ListensOnEveryInterfaceAndDoesNotFilterHosts()
    {
        var port = FreePort();
        using var folder = new TempFolder("marketplace-ports-");
        await using var api = await HostProcess.StartListeningAsConfiguredAsync(folder.Path, new Dictionary<string, string>
        {
            ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ASPNETCORE_URLS"] = "",
        });

        Assert.Equal(port, api.Address!.Port);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Ct)).StatusCode);
        // Bound beyond loopback (a container, a host behind a proxy): the default AllowedHosts is "*".
        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/health/live") { Headers = { Host = "evil.example" } };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(foreign, Ct)).StatusCode);
    }

    [Theory]
    [InlineData(null, null, null, null, true)]
    [InlineData("urls", "http://0.0.0.0:6000", "http://0.0.0.0:6000", false, null)]
    [InlineData("urls", "http://localhost:6000;http://[::1]:6001", "http://localhost:6000;http://[::1]:6001", true, null)]
    [InlineData("http_ports", "8080", "http://*:8080", false, null)]
    [InlineData("Kestrel:Endpoints:Web:Url", "http://127.0.0.2:7000", "http://127.0.0.2:7000", true, null)]
    public void Configured_EachConventionalSetting_NamesTheAddresses(string? key, string? value, string? expected, bool? loopback, bool? isDefault)
    {
        var settings = new Dictionary<string, string?>();
        if (key is not null)
        {
            settings[key] = value;
        }

        var configured = HostAddresses.Configured(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        if (isDefault == true)
        {
            Assert.Null(configured);
            Assert.Equal("http://127.0.0.1:5080", HostAddresses.DefaultUrl);
            Assert.True(HostAddresses.AreLoopback([HostAddresses.DefaultUrl]));
            return;
        }

        Assert.Equal(expected, string.Join(';', configured!));
        Assert.Equal(loopback, HostAddresses.AreLoopback(configured!));
    }

    /// <summary>A content root holding the API's own appsettings.json, as under <c>dotnet run</c> or in a published app.</summary>
    private sealed class TempFolder : IDisposable
    {
        public TempFolder(string prefix)
        {
            Path = Directory.CreateTempSubdirectory(prefix).FullName;
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var settings = System.IO.Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Marketplace.Api", "bin", configuration, "net10.0", "appsettings.json");
            File.Copy(settings, System.IO.Path.Combine(Path, "appsettings.json"));
        }

        public string Path { get; }

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
