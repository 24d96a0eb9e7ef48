using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests;

/// <summary>
/// Generated bad input against every mapped endpoint: random JSON shapes, wrong types, huge strings and arrays, deep
/// nesting, invalid UTF-8, unknown ids and path-like junk in route values. Never a 5xx, never a write, and the
/// service keeps serving.
/// </summary>
public sealed partial class GeneratedBadInputTests : IAsyncLifetime
{
    private static readonly string[] Fields =
        ["repoUrl", "localPath", "name", "entries", "entryIds", "conflictStrategy", "batchSize", "yaml", "workflowId", "parameters", "description", "excluded", "comment", "trigger", "tags", "path", "artifactType"];

    private readonly MarketplaceApiFactory _factory = new(new() { ["Workflows:RunnerEnabled"] = "false", ["Maintenance:Enabled"] = "false" });
    private HttpClient _http = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _http = _factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

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
        var before = await CountRowsAsync();
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
        Assert.Equal(before, await CountRowsAsync());
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health/live", Ct)).StatusCode);
        Assert.Equal(3, (await api.CatalogAsync(source.Id)).Count);
    }

    private static string RandomRouteValue(Random random) => random.Next(6) switch
    {
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

    private static string RandomValue(Random random, int depth) => random.Next(depth > 2 ? 7 : 9) switch
    {
        0 => "null",
        1 => "1e400",
        2 => "-17",
        3 => "true",
        4 => "\"" + new string('x', random.Next(2) == 0 ? 5 : 200_000) + "\"",
        5 => "\"../../../etc/passwd\"",
        6 => $"\"{Guid.NewGuid()}\"",
        7 => "[" + string.Join(',', Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomValue(random, depth + 1))) + "]",
        _ => RandomObject(random, depth + 1),
    };

    private async Task<Dictionary<string, long>> CountRowsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_factory.DataFolder, "marketplace.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Ct);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM \"{table}\"";
            counts[table] = (long)(await count.ExecuteScalarAsync(Ct))!;
        }

        return counts;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteValue();
}
