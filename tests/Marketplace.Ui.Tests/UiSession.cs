using Microsoft.Playwright;

namespace Marketplace.Ui.Tests;

/// <summary>
/// One browser page against one host, watching what the page does: every request it makes (all must go to the host: the
/// UI loads nothing from the internet) and every script error (none is allowed).
/// </summary>
internal sealed class UiSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;

    private UiSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page, string baseUrl)
    {
        _playwright = playwright;
        Browser = browser;
        _context = context;
        Page = page;
        page.Request += (_, r) =>
        {
            lock (Requests)
            {
                Requests.Add(r.Url);
            }
        };
        page.PageError += (_, e) => Errors.Add(e);
        // A 401/404 answer shows as "Failed to load resource" in the console; those are answers the UI handles.
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                Errors.Add(m.Text);
            }
        };
        BaseUrl = baseUrl;
    }

    public IBrowser Browser { get; }

    public IPage Page { get; }

    public string BaseUrl { get; }

    public List<string> Requests { get; } = [];

    public List<string> Errors { get; } = [];

    public static async Task<UiSession> OpenAsync(UiHost host, int width = 1280, int height = 860)
    {
        var (playwright, browser) = await Marketplace.Ui.Tests.Browser.LaunchAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = ColorScheme.Light,
        });
        // Generous waits: the whole suite shares two cores, and a scan or an import may take seconds there.
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        var page = await context.NewPageAsync();
        return new UiSession(playwright, browser, context, page, host.BaseUrl);
    }

    /// <summary>Requests that went anywhere but the host (data: URLs are the page's own).</summary>
    public IReadOnlyList<string> ForeignRequests()
    {
        lock (Requests)
        {
            return [.. Requests.Where(u =>
                !u.StartsWith(BaseUrl + "/", StringComparison.Ordinal) && !u.StartsWith("data:", StringComparison.Ordinal))];
        }
    }

    public Task ShotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Repository.Screenshot(name), FullPage = false });

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
