using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Marketplace.Api.Tests.Postgres;
using Marketplace.Catalog.Sources;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests;

/// <summary>Generated bad input against every mapped endpoint on SQLite.</summary>
public sealed class GeneratedBadInputTests() : GeneratedBadInputScenarios(postgres: null);

/// <summary>The same generated bad input on PostgreSQL.</summary>
public sealed class GeneratedBadInputTestsOnPostgres(PostgresFixture postgres) : GeneratedBadInputScenarios(postgres);

/// <summary>
/// Generated bad input against every mapped endpoint: random JSON shapes, wrong types, huge strings and arrays, deep
/// nesting, invalid UTF-8, unknown ids and path-like junk in route values. Never a 5xx, never a write, and the
/// service keeps serving. Run by a class per provider.
/// </summary>
public abstract partial class GeneratedBadInputScenarios(PostgresFixture? postgres) : IAsyncLifetime
{
    private static readonly string[] Fields =
        ["repoUrl", "localPath", "name", "entries", "entryIds", "conflictStrategy", "batchSize", "yaml", "workflowId", "parameters", "description", "excluded", "comment", "trigger", "tags", "path", "artifactType"];

    private MarketplaceApiFactory _factory = null!;
    private HttpClient _http = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _factory = await MarketplaceApiFactory.CreateAsync(postgres, new() { ["Maintenance:Enabled"] = "false" }); // the runner runs the scans and imports
        _http = _factory.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task EveryEndpoint_GeneratedBadRequests_Never5xxNeverWriteAndKeepServing()
    {
        // Some real rows, so a bad request has something it could wrongly change.
        var api = new MarketplaceClient(_http);
        var source = await api.RegisterSourceAsync();
        await api.UploadAsync(source.Id, Enumerable.Range(0, 3).Select(i => MarketplaceClient.Entry($"commands/fuzz-{i}.md")));
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Route: e.RoutePattern.RawText!)))
            .ToList();
        Assert.True(endpoints.Count >= 20, $"only {endpoints.Count} endpoints found");
        var before = await DatabaseDump.CountRowsAsync(_factory);
        var random = new Random(20261122);
        var failures = new List<string>();

        foreach (var (method, route) in endpoints)
        {
            for (var i = 0; i < 12; i++)
            {
                var url = RouteValue().Replace(route, _ => RandomRouteValue(random)) + RandomQuery(random);
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method is not "GET" and not "DELETE")
                {
                    request.Content = new ByteArrayContent(RandomBody(random)) { Headers = { { "Content-Type", "application/json" } } };
                }

                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
                var status = (int)response.StatusCode;
                if (status >= 500 || (method != "GET" && status < 400))
                {
                    failures.Add($"{method} {url} -> {status}: {await response.Content.ReadAsStringAsync(Ct)}");
                }
                else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{method} {url} -> {status} without ProblemDetails");
                }
            }
        }

        Assert.Empty(failures);
        Assert.Equal(before, await DatabaseDump.CountRowsAsync(_factory));
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health/live", Ct)).StatusCode);
        Assert.Equal(3, (await api.CatalogAsync(source.Id)).Count);
    }

    private static string RandomRouteValue(Random random) => random.Next(8) switch
    {
        6 => "%E2%80%AE%1B%7F", // an override, ESC, DEL (a NUL never reaches the host: the test client refuses it)
        7 => "skill:%F0%9F%98%80%ED%A0%80",
        0 => "..%2F..%2Fetc%2Fpasswd",
        1 => "a%20b%25",
        2 => new string('z', 3000),
        3 => "not-a-guid",
        4 => Uri.EscapeDataString("command:../../x"),
        _ => Guid.NewGuid().ToString(),
    };

    private static string RandomQuery(Random random) => random.Next(5) switch
    {
        0 => "?skip=-1&limit=100000",
        1 => "?limit=abc&status=sleeping&type=nothing",
        2 => "?workflowId=not-a-guid",
        _ => "",
    };

    private static byte[] RandomBody(Random random) => random.Next(8) switch
    {
        0 => [0xFF, 0xFE, 0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D], // invalid UTF-8
        1 => Encoding.UTF8.GetBytes(new string('[', 200) + new string(']', 200)), // deeper than the reader allows
        2 => Encoding.UTF8.GetBytes("{\"" + Fields[random.Next(Fields.Length)] + "\":"), // truncated
        3 => Encoding.UTF8.GetBytes("{\"entryIds\":[" + string.Join(',', Enumerable.Range(0, 20_000).Select(_ => $"\"{Guid.NewGuid()}\"")) + "]}"),
        _ => Encoding.UTF8.GetBytes(RandomObject(random, depth: 0)),
    };

    private static string RandomObject(Random random, int depth)
    {
        var fields = Enumerable.Range(0, random.Next(1, 5)).Select(_ => Fields[random.Next(Fields.Length)]).Distinct();
        return "{" + string.Join(',', fields.Select(f => $"\"{f}\":{RandomValue(random, depth)}")) + "}";
    }

    private static string RandomValue(Random random, int depth) => random.Next(depth > 2 ? 10 : 12) switch
    {
        0 => "null",
        1 => "1e400",
        2 => "-17",
        3 => "true",
        4 => "\"" + new string('x', random.Next(2) == 0 ? 5 : 200_000) + "\"",
        5 => "\"../../../etc/passwd\"",
        6 => $"\"{Guid.NewGuid()}\"",
        7 => "\"\\u0000\\u202e\\ud800\\u001b[31m\"", // NUL, an override, a lone surrogate, ESC
        8 => "123456789012345678901234567890",
        9 => "1e999999",
        10 => "[" + string.Join(',', Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomValue(random, depth + 1))) + "]",
        _ => RandomObject(random, depth + 1),
    };

    [Fact]
    public async Task Scanner_GeneratedHostileSources_KeepServingStoreOnlySafeNamesAndNothingFromOutside()
    {
        var outside = Directory.CreateTempSubdirectory("hostile-outside-").FullName;
        var marker = "OUTSIDE-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(Path.Combine(outside, "secret.txt"), marker);
        File.WriteAllText(Path.Combine(outside, "SKILL.md"), $"---\nname: {marker}\n---\n{marker}");
        File.WriteAllText(Path.Combine(outside, "plugin.json"), $"{{\"name\":\"{marker}\"}}");
        var api = new MarketplaceClient(_http);
        var random = new Random(20261201);
        try
        {
            for (var round = 0; round < 3; round++)
            {
                var root = Path.Combine(_factory.SourcesFolder, $"hostile-{round}");
                new HostileSource(random, root, outside).Write();
                var source = await api.RegisterSourceAsync(root);

                Assert.Equal("completed", (await api.ScanJobAsync(source.Id)).Status);
                var entries = await api.CatalogAsync(source.Id);
                Assert.NotEmpty(entries);
                Assert.All(entries, e => Assert.False(SafeText.HasUnsafe(e.Name) || SafeText.HasUnsafe(e.Path) || e.Tags.Any(t => SafeText.HasUnsafe(t))
                    || SafeText.HasUnsafe(e.Description ?? "", allowLineBreaks: true), SafeText.Escape($"{e.Path} {e.Name} {e.Description}")));

                var strategy = new[] { "skip", "overwrite", "rename" }[round];
                var import = await api.ImportAsync(source.Id, entries.Select(e => e.Id), strategy);
                Assert.Contains(import.Entries, e => e.Outcome == Data.Model.ImportOutcome.Imported);
                Assert.All(import.Entries.Where(e => e.ArtifactKey is not null), e => Assert.False(SafeText.HasUnsafe(e.ArtifactKey!)));
            }

            Assert.Empty(await DatabaseDump.WhereAsync(_factory, marker));
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health/live", Ct)).StatusCode);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteValue();
}
