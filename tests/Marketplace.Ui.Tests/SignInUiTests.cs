using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Ui.Tests;

/// <summary>
/// With <c>Api:Keys</c> set the page asks for a key, refuses a wrong one, keeps the right one in sessionStorage only (never
/// in a URL or localStorage), sends it as <c>Authorization: Bearer</c>, and asks again when the API answers 401.
/// </summary>
public sealed class SignInUiTests : IAsyncLifetime
{
    private const string Key = "ui-test-key-6f1d0c";
    private UiHost _host = null!;
    private UiSession _ui = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new UiHost(new() { ["Api:Keys:0"] = Key });
        _ui = await UiSession.OpenAsync(_host);
    }

    public async ValueTask DisposeAsync()
    {
        await _ui.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task SignIn_WithKeysConfigured_AsksRefusesAcceptsAndAsksAgainOn401()
    {
        var page = _ui.Page;
        var authorized = new List<string>();
        page.Request += (_, r) =>
        {
            if (r.Headers.TryGetValue("authorization", out var value))
            {
                lock (authorized)
                {
                    authorized.Add(value);
                }
            }
        };

        await page.GotoAsync("/");
        var dialog = page.Locator("#signin");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Sign in to see this page.");
        await page.FillAsync("#signin-key", "not-the-key");
        await page.ClickAsync("#signin button[type=submit]");
        await Expect(page.Locator("#signin-error")).ToHaveTextAsync("That key is not accepted.");
        await _ui.ShotAsync("sign-in");

        await page.FillAsync("#signin-key", Key);
        await page.ClickAsync("#signin button[type=submit]");
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.Locator("#register")).ToBeVisibleAsync();
        Assert.Equal(Key, await page.EvaluateAsync<string>("sessionStorage.getItem('marketplace.apiKey')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("localStorage.length"));

        // Health shows its figures only with the key.
        await page.ClickAsync("nav a[data-nav=health]");
        await Expect(page.Locator("[data-check=database]")).ToBeVisibleAsync();

        // A key the server no longer accepts: the next call's 401 brings the form back and forgets the key.
        await page.EvaluateAsync("sessionStorage.setItem('marketplace.apiKey', 'revoked')");
        await page.ClickAsync("nav a[data-nav=collection]");
        await Expect(dialog).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('marketplace.apiKey')"));
        await page.FillAsync("#signin-key", Key);
        await page.ClickAsync("#signin button[type=submit]");
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Collection");

        // Signing out forgets the key; the page asks again.
        await page.ClickAsync("#signout");
        await Expect(dialog).ToBeVisibleAsync();

        Assert.Contains($"Bearer {Key}", authorized);
        Assert.DoesNotContain(_ui.Requests, u => u.Contains(Key, StringComparison.Ordinal) || Regex.IsMatch(u, "revoked"));
        Assert.Empty(_ui.ForeignRequests());
        Assert.Empty(_ui.Errors);
    }
}
