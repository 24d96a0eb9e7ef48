using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Ui.Tests;

/// <summary>
/// A catalog page of 500 entries (the API's largest page) renders whole and selects whole, and the next page is read by
/// the server's cursor. Prints the figures the README quotes, never asserts them: server time of the page's read, browser
/// time to the 500 rows, first paint and page weight.
/// </summary>
public sealed class CatalogPageTests : IAsyncLifetime
{
    private const int Entries = 500;
    private const int NextPage = 20;
    private UiHost _host = null!;
    private UiSession _ui = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new UiHost();
        _ui = await UiSession.OpenAsync(_host);
    }

    public async ValueTask DisposeAsync()
    {
        await _ui.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task CatalogPage_Of500Entries_RendersAndSelectsAllOfThem()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        var sourceId = await SeedAsync(http, ct);

        // Server time of the read the page makes: the request from a client on the same machine, 20 times after a warm-up.
        var path = $"/api/v1/marketplace/sources/{sourceId}/catalog?limit={Entries}&skip=0";
        (await http.GetAsync(path, ct)).EnsureSuccessStatusCode();
        var times = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, ct);
            response.EnsureSuccessStatusCode();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        times.Sort();
        var page = _ui.Page;
        await page.GotoAsync("/");
        await Expect(page.Locator("#sources tbody tr")).ToHaveCountAsync(1);
        var paint = await page.EvaluateAsync<JsonElement>(
            "(() => { const p = Object.fromEntries(performance.getEntriesByType('paint').map(e => [e.name, e.startTime]));"
            + " const r = performance.getEntriesByType('resource').filter(e => !e.name.includes('/api/'));"
            + " const n = performance.getEntriesByType('navigation')[0];"
            + " return { fcp: p['first-contentful-paint'] ?? -1, files: r.length + 1,"
            + " bytes: r.reduce((s, e) => s + e.decodedBodySize, n.decodedBodySize) }; })()");

        var opened = Stopwatch.GetTimestamp();
        await page.GotoAsync($"/#/sources/{sourceId}");
        var rows = page.Locator("#catalog tbody tr");
        await Expect(rows).ToHaveCountAsync(Entries);
        var renderMs = Stopwatch.GetElapsedTime(opened).TotalMilliseconds;
        var serverMs = await page.EvaluateAsync<double>(
            "performance.getEntriesByType('resource').filter(e => e.name.includes('/catalog?'))"
            + ".map(e => e.responseStart - e.requestStart).pop()");
        await page.CheckAsync("#select-all");
        await Expect(page.Locator("#selected-count")).ToHaveTextAsync($"{Entries} selected");
        await Expect(page.Locator("#catalog-info"))
            .ToContainTextAsync($"{Entries} shown of {Entries} on this page; {Entries + NextPage} match");

        // The next page starts after the last path of this one (the response's `next`), and Previous comes back.
        var request = await page.RunAndWaitForRequestAsync(
            () => page.ClickAsync("#next"), r => r.Url.Contains("/catalog?", StringComparison.Ordinal));
        Assert.Contains("after=", request.Url, StringComparison.Ordinal);
        await Expect(rows).ToHaveCountAsync(NextPage);
        await Expect(page.Locator("#catalog-info")).ToContainTextAsync($"(entries {Entries + 1}–{Entries + NextPage})");
        await Expect(page.Locator("#next")).ToBeDisabledAsync();
        await page.ClickAsync("#previous");
        await Expect(rows).ToHaveCountAsync(Entries);
        await Expect(page.Locator("#previous")).ToBeDisabledAsync();

        Figure($"catalog page of {Entries} entries, server (GET …/catalog?limit={Entries}, loopback client, 20 reads): "
            + $"median {Ms(times[times.Count / 2])} ms, max {Ms(times[^1])} ms; in the browser: first byte {Ms(serverMs)} ms, "
            + $"page with {Entries} rows {Ms(renderMs)} ms");
        Figure($"first load of /: first contentful paint {Ms(paint.GetProperty("fcp").GetDouble())} ms, "
            + $"{paint.GetProperty("files").GetInt32()} files, {paint.GetProperty("bytes").GetInt64()} bytes (uncompressed)");
        Assert.Empty(_ui.Errors);
    }

    private static async Task<Guid> SeedAsync(HttpClient http, CancellationToken ct)
    {
        using var created = await http.PostAsJsonAsync("/api/v1/marketplace/sources",
            new { repoUrl = "https://example.test/acme/large-marketplace", name = "Large marketplace" }, ct);
        created.EnsureSuccessStatusCode();
        var sourceId = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        string[] types = ["skill", "command", "agent", "hook", "mcp_server"];
        var entries = Enumerable.Range(0, Entries + NextPage).Select(i => new
        {
            path = $"items/{i:D4}/{types[i % types.Length]}-{i:D4}",
            name = $"{types[i % types.Length]}-{i:D4}",
            artifactType = types[i % types.Length],
            description = $"Entry {i} of a large marketplace, for the page-size test.",
            tags = new[] { "bulk", $"group-{i % 7}" },
        }).ToArray();
        using var upload = await http.PutAsJsonAsync($"/api/v1/marketplace/sources/{sourceId}/catalog", new { entries }, ct);
        upload.EnsureSuccessStatusCode();
        return sourceId;
    }

    private static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>A figure line: in the test's output and on the console, so `dotnet test` logs show it.</summary>
    private static void Figure(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"figure: {line}");
        Console.WriteLine($"figure: {line}");
    }
}
