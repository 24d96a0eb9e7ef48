using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests;

public sealed class HostEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HealthReady_OnFreshDatabase_ReportsWalBusyTimeoutAndLockFigures()
    {
        await using var factory = new MarketplaceApiFactory();
        using var client = factory.CreateClient();
        // One write first, so the lock figures have something to report.
        await client.PostJsonAsync("/api/v1/marketplace/sources", new { repoUrl = "https://example.com/health" });

        var response = await client.GetAsync("/health/ready", Ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var data = body.GetProperty("checks").GetProperty("database").GetProperty("data");
        Assert.Equal("wal", data.GetProperty("journalMode").GetString());
        Assert.Equal(10_000, data.GetProperty("busyTimeoutMs").GetInt32());
        Assert.Equal("normal", data.GetProperty("synchronous").GetString());
        Assert.Equal(0, data.GetProperty("pendingMigrations").GetInt32());
        Assert.True(data.GetProperty("writeUnits").GetInt64() >= 1);
        Assert.True(data.GetProperty("maxLockHoldMs").GetDouble() > 0);
        Assert.Equal(0, data.GetProperty("busyRetries").GetInt64());
        Assert.True(data.TryGetProperty("maxWriteGateWaitMs", out _));
    }

    [Fact]
    public async Task HealthReadyAndMetrics_AfterStores_ReportTheBlobCacheFigures()
    {
        await using var factory = new MarketplaceApiFactory();
        using var client = factory.CreateClient();
        var cache = factory.Services.GetRequiredService<Caching.BlobCache>();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => cache.StoreAsync($"health-{i}", new byte[1000], cancellationToken: Ct)));
        Assert.NotNull(cache.Get("health-0"));

        var body = JsonDocument.Parse(await client.GetStringAsync("/health/ready", Ct)).RootElement;
        var data = body.GetProperty("checks").GetProperty("cache").GetProperty("data");

        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("cache").GetProperty("status").GetString());
        Assert.Equal((20, 20_000), (data.GetProperty("entries").GetInt64(), data.GetProperty("dataBytes").GetInt64()));
        Assert.True(data.GetProperty("fileBytes").GetInt64() + data.GetProperty("walBytes").GetInt64() > 20_000);
        Assert.Equal((1, 0), (data.GetProperty("hits").GetInt64(), data.GetProperty("misses").GetInt64()));
        Assert.InRange(data.GetProperty("commits").GetInt64(), 1, 20); // concurrent stores share commits
        Assert.True(data.GetProperty("meanWritesPerCommit").GetDouble() >= 1);
        var metrics = await client.GetStringAsync("/metrics", Ct);
        // The Prometheus registry is process-wide (other tests' hosts report too): names, not values.
        Assert.All(["marketplace_caching_marketplace_cache_entries", "marketplace_caching_marketplace_cache_file_size",
            "marketplace_caching_marketplace_cache_wal_size", "marketplace_caching_marketplace_cache_commit_writes"],
            name => Assert.Contains(name, metrics, StringComparison.Ordinal));
    }

    [Fact]
    public async Task HealthLive_Returns200()
    {
        await using var factory = new MarketplaceApiFactory();
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Ct)).StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterAnImport_ExposeWriteUnitAndImportInstruments()
    {
        await using var factory = new MarketplaceApiFactory();
        var api = new MarketplaceClient(factory.CreateClient());
        var source = await api.RegisterSourceAsync();
        var ids = await api.UploadAsync(source.Id, Enumerable.Range(0, 12).Select(i => MarketplaceClient.Entry($"commands/metric-{i}.md")));
        await api.ImportAsync(source.Id, ids, batchSize: 5);

        var text = await api.Http.GetStringAsync("/metrics", Ct);

        // prometheus-net puts the meter's name first (<meter>_<instrument>); these are the names the README lists.
        foreach (var name in new[]
        {
            "marketplace_data_marketplace_db_write_units", "marketplace_data_marketplace_db_write_lock_hold", "marketplace_data_marketplace_db_write_gate_wait",
            "marketplace_catalog_marketplace_import_entries", "marketplace_catalog_marketplace_import_batch_duration",
        })
        {
            Assert.Contains(name, text, StringComparison.Ordinal);
        }

        // The registry is process-wide (other tests import too), so the count is at least this import's 12.
        var imported = System.Text.RegularExpressions.Regex.Match(text, @"marketplace_catalog_marketplace_import_entries\w*\{[^}]*outcome=""imported""[^}]*\} (\d+)");
        Assert.True(imported.Success, "no imported-entries series");
        Assert.True(int.Parse(imported.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 12);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheSourcesEndpoints()
    {
        await using var factory = new MarketplaceApiFactory();
        using var client = factory.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Ct)).RootElement;

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/marketplace/sources", out _));
        Assert.True(paths.TryGetProperty("/api/v1/marketplace/sources/{sourceId}", out _));
    }

    [Fact]
    public async Task ApiKeys_Configured_RequireBearerKeyExceptOnHealthAndTheApiDescription()
    {
        await using var factory = new MarketplaceApiFactory(new() { ["Api:Keys:0"] = "first-key", ["Api:Keys:1"] = "second-key" });
        using var client = factory.CreateClient();
        const string sources = "/api/v1/marketplace/sources";

        var missing = await ProblemAssert.IsProblemAsync(await client.GetAsync(sources, Ct), HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await SendAsync(client, sources, "wrong-key"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await SendAsync(client, "/metrics", null), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, sources, "second-key")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, "/metrics", "first-key")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", Ct)).StatusCode);
        // The API's description and its reference page are open: they hold no data, and a browser cannot send a key to /docs.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/", Ct)).StatusCode);
    }

    [Fact]
    public async Task Start_WithInvalidSettings_FailsNamingEachKey()
    {
        await using var factory = new MarketplaceApiFactory(new()
        {
            ["Database:BusyTimeoutMs"] = "-1",
            ["Import:BatchSize"] = "0",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var message = error is AggregateException aggregate ? string.Join(" ", aggregate.InnerExceptions.Select(e => e.Message)) : error.Message;
        Assert.Contains("Database:BusyTimeoutMs", message, StringComparison.Ordinal);
        Assert.Contains("Import:BatchSize", message, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string url, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client.SendAsync(request, Ct);
    }
}
