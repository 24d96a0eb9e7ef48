using System.Net;
using Marketplace.Api.Contracts;
using Marketplace.Api.Tests.Postgres;

namespace Marketplace.Api.Tests;

/// <summary>Catalog pages by cursor on SQLite.</summary>
public sealed class CatalogPagingTests() : CatalogPagingScenarios(postgres: null);

/// <summary>Catalog pages by cursor on PostgreSQL (its collation orders and compares the paths).</summary>
public sealed class CatalogPagingTestsOnPostgres(PostgresFixture postgres) : CatalogPagingScenarios(postgres);

/// <summary>
/// The catalog's cursor (<c>after</c>, answered by <c>next</c>): the same entries in the same order as offset pages, with
/// and without filters, beside <c>skip</c>, and a clear 400 for a cursor no path can be.
/// </summary>
public abstract class CatalogPagingScenarios(PostgresFixture? postgres) : IAsyncLifetime
{
    private MarketplaceApiFactory _factory = null!;
    private MarketplaceClient _api = null!;
    private Guid _source;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _factory = await MarketplaceApiFactory.CreateAsync(postgres);
        _api = new MarketplaceClient(_factory.CreateClient());
        _source = (await _api.RegisterSourceAsync()).Id;
        // Mixed case, digits and punctuation, uploaded out of order: the cursor must compare as the database orders.
        string[] types = ["command", "agent", "skill"];
        await _api.UploadAsync(_source, Enumerable.Range(0, 60).Reverse().Select(i =>
            MarketplaceClient.Entry($"{(i % 2 == 0 ? "b" : "B")}/{i % 7}-x{i}.md", $"e{i}", types[i % 3])));
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&type=skill")]
    [InlineData("&status=new&type=agent")]
    public async Task Cursor_PagesThroughTheCatalog_AsOffsetPagesDo(string filter)
    {
        var byOffset = await _api.CatalogAsync(_source, filter);
        var byCursor = new List<string>();
        string? after = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await PageAsync($"limit=7{filter}{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}");
            Assert.Equal(byOffset.Count, page.Total);
            byCursor.AddRange(page.Items.Select(e => e.Path));
            Assert.Equal(page.Items.Count == 7 ? page.Items[^1].Path : null, page.Next);
            if ((after = page.Next) is null)
            {
                break;
            }
        }

        Assert.NotEmpty(byCursor);
        Assert.Equal(byOffset.Select(e => e.Path), byCursor);
    }

    [Fact]
    public async Task Cursor_WithSkip_SkipsFromTheCursor()
    {
        var all = (await _api.CatalogAsync(_source)).Select(e => e.Path).ToList();

        var page = await PageAsync($"limit=5&skip=3&after={Uri.EscapeDataString(all[9])}");

        Assert.Equal(all.Skip(13).Take(5), page.Items.Select(e => e.Path));
    }

    [Fact]
    public async Task Cursor_PastTheLastPath_IsAnEmptyPageWithoutNext()
    {
        var page = await PageAsync("limit=5&after=zzzz");

        Assert.Empty(page.Items);
        Assert.Null(page.Next);
        Assert.Equal(60, page.Total);
    }

    [Fact]
    public async Task Cursor_LongerThanAnyPath_Is400AndNamesAfter()
    {
        var response = await _api.Http.GetAsync($"/api/v1/marketplace/sources/{_source}/catalog?after={new string('a', 1025)}", Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("after must be at most 1024 characters.", problem.GetProperty("errors").GetProperty("after")[0].GetString());
    }

    private async Task<PagedResponse<CatalogEntryResponse>> PageAsync(string query) =>
        await ProblemAssert.IsJsonAsync<PagedResponse<CatalogEntryResponse>>(
            await _api.Http.GetAsync($"/api/v1/marketplace/sources/{_source}/catalog?{query}", Ct), HttpStatusCode.OK);
}
