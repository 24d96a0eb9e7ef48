using System.Globalization;
using System.Net;
using Marketplace.Api.Tests.Postgres;
using Marketplace.Catalog.Importing;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;

namespace Marketplace.Api.Tests;

/// <summary>Imports as jobs through the API on SQLite: the 202 and <c>Prefer: wait</c>, the list, the event stream, cancel.</summary>
public sealed class ImportJobTests() : ImportJobScenarios(postgres: null);

/// <summary>Imports as jobs through the API on PostgreSQL.</summary>
public sealed class ImportJobTestsOnPostgres(PostgresFixture postgres) : ImportJobScenarios(postgres);

/// <summary>Imports as jobs, on a fresh database per test; run by a class per provider.</summary>
public abstract class ImportJobScenarios(PostgresFixture? postgres) : IAsyncLifetime
{
    private MarketplaceApiFactory _factory = null!;
    private MarketplaceClient _api = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _factory = await MarketplaceApiFactory.CreateAsync(postgres, new() { ["Maintenance:Enabled"] = "false" });
        _api = new MarketplaceClient(_factory.CreateClient());
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Post_WithoutPrefer_Is202NamingTheJobAndWithWaitIs200WithTheResult()
    {
        var source = await _api.RegisterSourceAsync();
        var ids = await _api.UploadAsync(source.Id, Enumerable.Range(0, 30).Select(i => MarketplaceClient.Entry($"commands/p-{source.Id:N}-{i}.md")));

        using var accepted = await _api.PostImportAsync(source.Id, new { entryIds = ids.Take(10), conflictStrategy = "skip", batchSize = 5 });
        var started = await ProblemAssert.IsJsonAsync<ImportResult>(accepted, HttpStatusCode.Accepted);
        Assert.Equal($"/api/v1/imports/{started.Id}", accepted.Headers.Location?.OriginalString);
        Assert.True(started.Status is "pending" or "running" or "completed", started.Status);
        Assert.Equal((source.Id, 10, 5), (started.SourceId, started.Total, started.BatchSize));
        Assert.False(accepted.Headers.Contains("Preference-Applied"));

        using var waited = await _api.PostImportAsync(source.Id, new { entryIds = ids.Skip(10).Take(10), conflictStrategy = "skip", batchSize = 5 }, "wait=60");
        var result = await ProblemAssert.IsJsonAsync<ImportResult>(waited, HttpStatusCode.OK);
        Assert.Equal(("completed", 10, 10), (result.Status, result.Done, result.Imported));
        Assert.Equal("wait=60", Assert.Single(waited.Headers.GetValues("Preference-Applied")));

        // A malformed preference is ignored (RFC 7240), never an error: the plain 202.
        using var ignored = await _api.PostImportAsync(source.Id, new { entryIds = ids.Skip(20), conflictStrategy = "skip" }, "wait=soon");
        await ProblemAssert.IsJsonAsync<ImportResult>(ignored, HttpStatusCode.Accepted);
        Assert.False(ignored.Headers.Contains("Preference-Applied"));
        Assert.Equal("completed", (await _api.WaitForImportAsync(started.Id)).Status);
    }

    [Fact]
    public async Task List_BySourceAndStatus_NewestFirstAndAnUnknownStatusIs400()
    {
        var one = await _api.RegisterSourceAsync();
        var other = await _api.RegisterSourceAsync();
        var ids = await _api.UploadAsync(one.Id, Enumerable.Range(0, 3).Select(i => MarketplaceClient.Entry($"commands/l-{one.Id:N}-{i}.md")));
        var otherIds = await _api.UploadAsync(other.Id, [MarketplaceClient.Entry($"commands/l-{other.Id:N}.md")]);
        var first = await _api.ImportAsync(one.Id, ids.Take(2));
        var second = await _api.ImportAsync(one.Id, ids.Skip(2));
        var elsewhere = await _api.ImportAsync(other.Id, otherIds);

        var page = await _api.PollAsync<Paged>($"/api/v1/imports?sourceId={one.Id}", _ => true);
        Assert.Equal([second.Id, first.Id], page.Items.Select(i => i.Id));
        Assert.Equal(2, page.Total);
        Assert.Equal((2, 2, 0), (page.Items[1].Total, page.Items[1].Imported, page.Items[1].Failed));
        var completed = await _api.PollAsync<Paged>("/api/v1/imports?status=completed&limit=500", _ => true);
        Assert.Contains(elsewhere.Id, completed.Items.Select(i => i.Id));
        Assert.All(completed.Items, i => Assert.Equal("completed", i.Status));
        Assert.Empty((await _api.PollAsync<Paged>($"/api/v1/imports?sourceId={one.Id}&status=cancelled", _ => true)).Items);
        var single = await _api.PollAsync<Paged>($"/api/v1/imports?sourceId={one.Id}&limit=1&skip=1", _ => true);
        Assert.Equal((first.Id, 2), (Assert.Single(single.Items).Id, single.Total));
        await ProblemAssert.IsProblemAsync(await _api.Http.GetAsync("/api/v1/imports?status=sleeping", Ct), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Events_OfAFinishedImport_StartedEachBatchFailedEntriesFinishedThenResumeByLastEventId()
    {
        var source = await _api.RegisterSourceAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        // Entry 12 (batch 1) is refused by the database, as a constraint refuses a row.
        await DatabaseFaults.RefuseArtifactsAsync(_factory);
        var ids = await _api.UploadAsync(source.Id, Enumerable.Range(0, 30).Select(i =>
            MarketplaceClient.Entry($"commands/{tag}-{i}.md", i == 12 ? $"{tag}{DatabaseFaults.RefusedSuffix}" : $"{tag}-{i}")));
        var result = await _api.ImportAsync(source.Id, ids, batchSize: 10);
        Assert.Equal("partial", result.Status);

        var events = await ReadEventsAsync(result.Id, lastEventId: null);

        // Batch 1 was isolated (its entries one by one): its figures and failures follow batch 0's, in one unit.
        Assert.Equal(["job_created", "job_started", "batch_committed", "batch_committed", "entries_failed", "batch_committed", "job_finished"],
            events.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Id));
        var batches = events.Where(e => e.Type == JobEvents.BatchCommitted).ToList();
        Assert.Equal([0, 1, 2], batches.Select(b => b.Data!["index"]!.GetValue<int>()));
        Assert.All(batches, b =>
        {
            Assert.Equal(10, b.Data!["size"]!.GetValue<int>());
            Assert.True(b.Data["attempts"]!.GetValue<int>() >= 1);
            Assert.True(b.Data["durationMs"]!.GetValue<double>() > 0);
            Assert.True(b.Data["lockHoldMs"]!.GetValue<double>() > 0);
        });
        Assert.Equal("isolated", batches[1].Data!["status"]!.GetValue<string>());
        var failed = Assert.Single(events, e => e.Type == JobEvents.EntriesFailed).Data!;
        Assert.Equal((1, 1), (failed["batchIndex"]!.GetValue<int>(), failed["count"]!.GetValue<int>()));
        Assert.Equal(ids[12].ToString(), failed["entries"]![0]!["entryId"]!.GetValue<string>());
        Assert.Contains("ck_test_refusal", failed["entries"]![0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var finished = events[^1].Data!;
        Assert.Equal(("partial", 30, 29, 1), (finished["status"]!.GetValue<string>(), finished["total"]!.GetValue<int>(),
            finished["imported"]!.GetValue<int>(), finished["failed"]!.GetValue<int>()));

        // Reconnecting after the second event: the rest, no gap, no repeat; after the last: 204.
        Assert.Equal(events.Skip(2).Select(e => (e.Id, e.Type)), (await ReadEventsAsync(result.Id, 2)).Select(e => (e.Id, e.Type)));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/imports/{result.Id}/events");
        request.Headers.Add("Last-Event-ID", events[^1].Id.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.NoContent, (await _api.Http.SendAsync(request, Ct)).StatusCode);
        await ProblemAssert.IsProblemAsync(await _api.Http.GetAsync($"/api/v1/imports/{Guid.NewGuid()}/events", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cancel_WhileRunning_StopsWithinTheBatchKeepsWhatCommittedAndResumeFinishesTheRest()
    {
        const int entries = 1000;
        var source = await _api.RegisterSourceAsync();
        var ids = await _api.UploadAsync(source.Id, Enumerable.Range(0, entries).Select(i => MarketplaceClient.Entry($"commands/c-{source.Id:N}-{i:D4}.md")));
        var started = await _api.StartImportAsync(source.Id, ids, batchSize: 1);
        await _api.WaitForImportAsync(started.Id, r => r.Done >= 5);

        var cancelled = await ProblemAssert.IsJsonAsync<ImportResult>(
            await _api.Http.PostAsync($"/api/v1/imports/{started.Id}/cancel", null, Ct), HttpStatusCode.OK);

        Assert.Equal("cancelled", cancelled.Status);
        Assert.InRange(cancelled.Done, 5, entries - 1);
        // The runner stops at the batch in flight, which does not commit: what the answer shows is what stays.
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        var later = await _api.WaitForImportAsync(started.Id, _ => true);
        Assert.Equal(("cancelled", cancelled.Done, cancelled.Imported), (later.Status, later.Done, later.Imported));
        Assert.Equal(cancelled.Done, (await _api.CatalogAsync(source.Id, "&status=imported")).Count);
        var events = await ReadEventsAsync(started.Id, lastEventId: null);
        Assert.Equal(("job_finished", "cancelled"), (events[^1].Type, events[^1].Data!["status"]!.GetValue<string>()));
        Assert.Equal(cancelled.Done, events.Where(e => e.Type == JobEvents.BatchCommitted).Sum(e => e.Data!["size"]!.GetValue<int>()));
        await ProblemAssert.IsProblemAsync(await _api.Http.PostAsync($"/api/v1/imports/{started.Id}/cancel", null, Ct), HttpStatusCode.Conflict);

        // Resume still means something for a cancelled import: any runner finishes it from its last batch.
        var resumed = await _api.FinishedAsync<ImportResult>(await _api.PostAsync($"/api/v1/imports/{started.Id}/resume", new { }, "wait=60"),
            r => r.IsFinished);
        Assert.Equal(("completed", entries, entries), (resumed.Status, resumed.Done, resumed.Imported));
        Assert.Equal(ids.Order(), resumed.Entries.Select(e => e.EntryId).Order());
        Assert.Equal(CatalogEntryStatus.Imported, Assert.Single((await _api.CatalogAsync(source.Id)).Select(e => e.Status).Distinct()));
    }

    private async Task<List<JobEventInfo>> ReadEventsAsync(Guid importId, long? lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/imports/{importId}/events");
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(CultureInfo.InvariantCulture));
        }

        using var response = await _api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ImportEvents.ReadAsync(response, Ct);
    }

    /// <summary>A page of <c>GET /imports</c>.</summary>
    private sealed record Paged(List<ImportSummary> Items, int Total, int Skip, int Limit);
}
