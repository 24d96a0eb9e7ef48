using Microsoft.Playwright;

namespace Marketplace.Ui.Tests;

/// <summary>
/// Debian's chromium driven by Playwright (no browser download). A machine without it fails here with the command that
/// installs it: these tests must run, never be skipped.
/// </summary>
internal static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The UI tests drive Debian's chromium at {ChromiumPath}, which is missing: install it with "
                + "'apt-get update && apt-get install -y chromium' (.ci/run does this as root).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root in a container has no user namespace for chromium's sandbox; /dev/shm may be small there.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
        return (playwright, browser);
    }
}
