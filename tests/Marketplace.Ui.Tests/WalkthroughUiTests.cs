using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Ui.Tests;

/// <summary>
/// The README walkthrough done by a person in a browser, no curl: register a source, scan it, select all, import,
/// watch the batches, open an artifact and preview a file, start a gated workflow, approve the gate, see it complete.
/// Each page's screenshot goes to docs/screenshots.
/// </summary>
public sealed class WalkthroughUiTests : IAsyncLifetime
{
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
    public async Task Walkthrough_InABrowser_ImportsPreviewsAndApprovesAGate()
    {
        var page = _ui.Page;
        var repository = Repository.GitMarketplace(_host.SourcesFolder, "acme-tools");

        // Sources: register a git repository by its URL and scan it (a fetch into the source's mirror, then the manifest).
        await page.GotoAsync("/");
        await page.FillAsync("#register input[name=repoUrl]", $"file://{repository}");
        await page.ClickAsync("#register button[type=submit]");
        var source = page.Locator("#sources tbody tr").First;
        await Expect(source).ToContainTextAsync("file://");
        await source.GetByRole(AriaRole.Button, new() { Name = "Scan" }).ClickAsync();
        await Expect(page.Locator("#scan-summary")).ToContainTextAsync(new Regex(@"\d+ entries \(\d+ new"));
        await Expect(source.Locator(".badge")).ToHaveTextAsync("succeeded");
        await Expect(source).ToContainTextAsync("acme-tools"); // the manifest's name
        await Expect(source.Locator("code").Nth(1)).ToHaveTextAsync(new Regex("^[0-9a-f]{10}$")); // the commit fetched
        await _ui.ShotAsync("sources");

        // Catalog: filter by keyboard search, then select all and import.
        await source.Locator("a").First.ClickAsync();
        var rows = page.Locator("#catalog tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        var total = await rows.CountAsync();
        Assert.True(total > 5, $"the sample's catalog shows {total} entries");
        await page.Keyboard.PressAsync("/");
        await page.Keyboard.TypeAsync("csv-cleaner");
        await Expect(rows).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("/"); // focuses and selects the search text
        await page.Keyboard.PressAsync("Backspace");
        await page.Keyboard.PressAsync("Escape");
        await Expect(rows).ToHaveCountAsync(total);
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("x"); // x selects the current row
        await Expect(page.Locator("#selected-count")).ToHaveTextAsync("1 selected");
        await page.CheckAsync("#select-all");
        await Expect(page.Locator("#selected-count")).ToHaveTextAsync($"{total} selected");
        await _ui.ShotAsync("catalog");
        await page.ClickAsync("#import");

        // Import: the batches arrive (live on a job server, at once on a synchronous one) with their figures.
        await page.WaitForURLAsync(new Regex("#/imports/[0-9a-f-]{36}$"));
        await Expect(page.Locator("#import-header .badge").First).ToHaveTextAsync(new Regex("^(completed|partial)$"));
        await Expect(page.Locator("#batches .bar").First).ToBeVisibleAsync();
        Assert.True(await page.Locator("#batches .bar").CountAsync() >= 2, "a bar per batch of Import:BatchSize (10)");
        await Expect(page.Locator("#batches .bar").First).ToContainTextAsync("lock");
        var indexes = await page.Locator("#batches .bar").EvaluateAllAsync<string[]>("bars => bars.map(b => b.dataset.batch)");
        Assert.All(indexes, i => Assert.Matches("^[0-9]+$", i)); // a bar per batch the job reported, none made of a malformed event
        await _ui.ShotAsync("import");

        // Collection: find the skill by search, open it with the keyboard, preview its SKILL.md.
        await page.ClickAsync("nav a[data-nav=collection]");
        await Expect(page.Locator("#artifacts tbody tr").First).ToBeVisibleAsync();
        await _ui.ShotAsync("collection");
        await page.Keyboard.PressAsync("/");
        await page.Keyboard.TypeAsync("csv-cleaner");
        await page.Keyboard.PressAsync("Enter"); // leaves the search on the first row shown
        await page.Keyboard.PressAsync("Enter"); // opens it
        await page.WaitForURLAsync(new Regex("#/collection/.+csv-cleaner"));
        await page.ClickAsync("#tree button[data-path$='SKILL.md']");
        await Expect(page.Locator("#preview-text")).ToContainTextAsync("csv");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#archive"));
        Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);
        await _ui.ShotAsync("artifact");

        // Workflows: an error shown at its line, then the gated example created, started, approved, completed.
        await page.ClickAsync("nav a[data-nav=workflows]");
        await page.ClickAsync("text=Fill in a gated example");
        var yaml = await page.InputValueAsync("#workflow-yaml");
        await page.FillAsync("#workflow-yaml", yaml.Replace("depends_on: [review]", "depends_on: [nowhere]", StringComparison.Ordinal));
        await page.ClickAsync("#new-workflow button[type=submit]");
        await Expect(page.Locator(".yaml .ln.bad[data-line='13']")).ToContainTextAsync("stages[1].depends_on[0]");
        await Expect(page.Locator("#yaml-errors")).ToContainTextAsync("line 13");
        await _ui.ShotAsync("workflow-errors");
        await page.FillAsync("#workflow-yaml", yaml);
        await page.ClickAsync("#new-workflow button[type=submit]");
        await page.WaitForURLAsync(new Regex("#/workflows/[0-9a-f-]{36}$"));
        await Expect(page.Locator("#parameters")).ToHaveValueAsync(new Regex("\"note\""));
        await page.FillAsync("#parameters", """{ "note": "approved in a browser" }""");
        await _ui.ShotAsync("workflow");
        await page.ClickAsync("#start button[type=submit]");
        await page.WaitForURLAsync(new Regex("#/executions/[0-9a-f-]{36}$"));
        var approve = page.Locator("[data-stage=review] [data-gate=approve]");
        await Expect(approve).ToBeVisibleAsync();
        await Expect(page.Locator("#live")).ToHaveTextAsync("live");
        await _ui.ShotAsync("execution-gate");
        var status = page.Locator("#execution-header .badge").First;
        await page.ClickAsync("[data-action=pause]");
        await Expect(status).ToHaveTextAsync("paused");
        await Expect(page.Locator("[data-action=resume]")).ToBeEnabledAsync();
        await page.ClickAsync("[data-action=resume]");
        await Expect(status).ToHaveTextAsync("waiting");
        await Expect(approve).ToBeVisibleAsync();
        await page.FillAsync("[data-stage=review] input", "looks right");
        await approve.ClickAsync();
        await Expect(page.Locator("#execution-header .badge").First).ToHaveTextAsync("completed");
        await Expect(page.Locator("[data-stage=settle]")).ToHaveAttributeAsync("data-status", "completed");
        await Expect(page.Locator("[data-stage=settle]")).ToContainTextAsync("after review");
        await Expect(page.Locator("#events")).ToContainTextAsync("execution_completed");
        await Expect(page.Locator("#events")).ToContainTextAsync("execution_paused");
        await Expect(page.Locator("[data-action=cancel]")).ToBeDisabledAsync();
        await _ui.ShotAsync("execution");

        // A second run, cancelled at its gate.
        await page.GoBackAsync();
        await page.ClickAsync("#start button[type=submit]");
        await Expect(approve).ToBeVisibleAsync();
        await page.ClickAsync("[data-action=cancel]");
        await Expect(status).ToHaveTextAsync("cancelled");

        // Health and the import history (or the note that this server keeps none).
        await page.ClickAsync("nav a[data-nav=health]");
        await Expect(page.Locator("[data-check=database] [data-figure=maxLockHoldMs]")).ToBeVisibleAsync();
        await Expect(page.Locator("#chart svg polyline").First).ToBeAttachedAsync();
        await _ui.ShotAsync("health");
        await page.ClickAsync("nav a[data-nav=imports]");
        await Expect(page.Locator("#imports, #no-history").First).ToBeVisibleAsync();
        await _ui.ShotAsync("imports");

        // Dark and phone width.
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.GoBackAsync();
        await page.GoBackAsync();
        await page.GotoAsync($"/#/sources");
        await page.Locator("#sources a").First.ClickAsync();
        await Expect(page.Locator("#catalog tbody tr").First).ToBeVisibleAsync();
        await _ui.ShotAsync("catalog-dark");
        await page.SetViewportSizeAsync(390, 844);
        await _ui.ShotAsync("catalog-phone");
        // Readable at phone width: the page itself never scrolls sideways (wide tables scroll in their own box).
        var fits = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth");
        Assert.True(fits, "the catalog page is wider than a phone");

        Assert.Empty(_ui.ForeignRequests());
        Assert.Empty(_ui.Errors);
    }
}
