using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Marketplace.Api.Tests;

/// <summary>What a caller without a key sees, and which Host headers the service answers (DNS rebinding).</summary>
public sealed class HostSecurityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HealthReady_KeysSetAndNoKey_ShowsItsStatusOnlyAndWithAKeyItsFigures()
    {
        await using var factory = new MarketplaceApiFactory(new() { ["Api:Keys:0"] = "the-key" });
        using var client = factory.CreateClient();

        var live = await client.GetAsync("/health/live", Ct);
        var anonymous = await client.GetAsync("/health/ready", Ct);
        using var withKey = new HttpRequestMessage(HttpMethod.Get, "/health/ready") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "the-key") } };
        var keyed = await client.SendAsync(withKey, Ct);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        var summary = await anonymous.Content.ReadAsStringAsync(Ct);
        Assert.Equal("""{"status":"Healthy"}""", summary);
        Assert.DoesNotContain(factory.DataFolder, summary, StringComparison.Ordinal);
        var details = JsonDocument.Parse(await keyed.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(Path.Combine(factory.DataFolder, "cache.db"), details.GetProperty("checks").GetProperty("cache").GetProperty("data").GetProperty("path").GetString());
        Assert.Equal("wal", details.GetProperty("checks").GetProperty("database").GetProperty("data").GetProperty("journalMode").GetString());
    }

    [Fact]
    public async Task HealthReady_NoKeysConfigured_ShowsItsFiguresToEveryone()
    {
        await using var factory = new MarketplaceApiFactory();
        using var client = factory.CreateClient();

        var body = JsonDocument.Parse(await client.GetStringAsync("/health/ready", Ct)).RootElement;

        Assert.True(body.GetProperty("checks").TryGetProperty("database", out _));
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("rebound.example.com:5080")]
    [InlineData("10.0.0.1")]
    public async Task Request_WithAForeignHostByDefault_IsRefused(string host)
    {
        await using var factory = new MarketplaceApiFactory();
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(client, "/api/v1/marketplace/sources", host)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(client, "/health/ready", host)).StatusCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:5080")]
    [InlineData("127.0.0.1:5080")]
    [InlineData("[::1]:5080")]
    [InlineData("marketplace.localhost")]
    public async Task Request_WithALoopbackHostByDefault_IsServed(string host)
    {
        await using var factory = new MarketplaceApiFactory();
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, "/api/v1/marketplace/sources", host)).StatusCode);
    }

    [Fact]
    public async Task AllowedHosts_Configured_ReplacesTheLoopbackDefault()
    {
        await using var factory = new MarketplaceApiFactory(new() { ["AllowedHosts"] = "marketplace.internal" });
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, "/health/live", "marketplace.internal")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(client, "/health/live", "evil.example")).StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string url, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Host = host;
        return client.SendAsync(request, Ct);
    }
}
