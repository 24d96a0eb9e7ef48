using System.Net;
using System.Text.RegularExpressions;

namespace Marketplace.Api.Tests;

/// <summary>The API reference page at /docs is served by the app itself: the page and everything it loads are local.</summary>
public sealed partial class ApiReferencePageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Docs_EveryAssetThePageLoads_IsServedByTheApp()
    {
        await using var factory = new MarketplaceApiFactory();
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        Assert.Equal("docs/", (await client.GetAsync("/docs", Ct)).Headers.Location?.OriginalString);
        var page = await client.GetStringAsync("/docs/", Ct);

        var assets = Asset().Matches(page).Select(m => m.Groups["url"].Value).ToList();
        Assert.Contains("scalar.js", assets);
        Assert.All(assets, url => Assert.DoesNotMatch("^(https?:)?//", url));
        foreach (var asset in assets)
        {
            var response = await client.GetAsync("/docs/" + asset, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/docs/{asset}: {(int)response.StatusCode}");
        }

        // No fonts from a CDN, no telemetry; the document the page reads is this app's own.
        Assert.Contains("\"withDefaultFonts\":false", page, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", page, StringComparison.Ordinal);
        Assert.Contains("\"url\":\"openapi/v1.json\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json", Ct)).StatusCode);
    }

    [Fact]
    public async Task Root_WithKeysSet_ServesTheWebUiButNoData()
    {
        await using var factory = new MarketplaceApiFactory(new() { ["Api:Keys:0"] = "root-test-key" });
        using var client = factory.CreateClient();

        using var root = await client.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal("text/html", root.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"js/app.js\">", await root.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.StartsWith("default-src 'self';", root.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/js/sse.js", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/marketplace/sources", Ct)).StatusCode);
        // Only the UI's files are open: any other path still meets the fallback policy.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/no-such-page", Ct)).StatusCode);
    }

    [GeneratedRegex("""(?:src|href)="(?<url>[^"]+)"|"favicon":"(?<url>[^"]+)"|import \{[^}]*\} from '(?<url>[^']+)'""")]
    private static partial Regex Asset();
}
