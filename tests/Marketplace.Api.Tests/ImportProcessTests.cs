using System.Globalization;
using System.Net;
using Marketplace.Api.Tests.Postgres;
using Marketplace.Catalog.Importing;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Microsoft.Data.Sqlite;

namespace Marketplace.Api.Tests;

/// <summary>Imports against the API process on SQLite.</summary>
public sealed class ImportProcessTests() : ImportProcessScenarios(postgres: null);

/// <summary>Imports against the API process on PostgreSQL.</summary>
public sealed class ImportProcessTestsOnPostgres(PostgresFixture postgres) : ImportProcessScenarios(postgres);

/// <summary>
/// Imports against the API running as its own process: configuration from the environment, and crashes mid-import;
/// run by a class per provider.
/// </summary>
public abstract class ImportProcessScenarios(PostgresFixture? postgres) : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("marketplace-process-").FullName;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_BatchSizeFromEnvironmentVariable_IsUsed()
    {
        await using var api = await HostProcess.StartAsync(_folder, await EnvironmentAsync(("Import__BatchSize", "20")));
        var client = new MarketplaceClient(api.Client);
        var source = await client.RegisterSourceAsync();
        var ids = await client.UploadAsync(source.Id, Enumerable.Range(0, 100).Select(i => MarketplaceClient.Entry($"commands/env-{i}.md")));

        var result = await client.ImportAsync(source.Id, ids);

        Assert.Equal((20, 5, 100), (result.BatchSize, result.Batches.Count, result.Imported));
    }

    [Fact]
    public async Task Import_ProcessKilledMidway_ListedAsInterruptedThenTheNextRunnerFinishesItWithoutAResume()
    {
        var environment = await EnvironmentAsync(("Import__LeaseDuration", "00:00:01"), ("Workflows__PollInterval", "00:00:00.100"));
        const int entries = 400, batchSize = 4;
        Guid sourceId, importId;
        List<Guid> ids;
        await using (var first = await HostProcess.StartAsync(_folder, environment))
        {
            var client = new MarketplaceClient(first.Client);
            sourceId = (await client.RegisterSourceAsync()).Id;
            ids = await client.UploadAsync(sourceId, Enumerable.Range(0, entries).Select(i => MarketplaceClient.Entry($"commands/crash-{i:D3}.md")));
            importId = (await client.StartImportAsync(sourceId, ids, batchSize: batchSize)).Id;
            // Kill once some batches have committed, well before the last.
            while ((await client.CatalogAsync(sourceId, "&status=imported")).Count < batchSize * 5)
            {
                Assert.False((await client.WaitForImportAsync(importId, _ => true)).IsFinished, "the import finished before it could be interrupted");
            }

            await first.KillAsync();
        }

        AssertIntegrityOk();
        // A process without a runner sees the import its crashed runner left: listed as interrupted once the lease lapsed.
        await using (var observer = await HostProcess.StartAsync(_folder, With(environment, ("Workflows__RunnerEnabled", "false"))))
        {
            var api = new MarketplaceClient(observer.Client);
            var listed = await api.PollAsync<PagedImports>($"/api/v1/imports?sourceId={sourceId}&status=interrupted", p => p.Items.Count > 0);
            Assert.Equal(importId, Assert.Single(listed.Items).Id);
            Assert.Equal(importId, Assert.Single((await api.PollAsync<PagedImports>($"/api/v1/imports?sourceId={sourceId}", _ => true)).Items).Id);
            var interrupted = await api.WaitForImportAsync(importId, _ => true);
            var catalog = await api.CatalogAsync(sourceId);
            Assert.Equal("interrupted", interrupted.Status);
            Assert.InRange(interrupted.Done, batchSize * 5, entries - 1);
            // Every committed batch is complete: outcomes come in whole batches, and each matches its catalog row.
            Assert.All(interrupted.Entries.GroupBy(e => e.BatchIndex), g => Assert.Equal(batchSize, g.Count()));
            Assert.Equal(interrupted.Entries.Select(e => e.EntryId).Order(),
                catalog.Where(e => e.Status == CatalogEntryStatus.Imported).Select(e => e.Id).Order());
        }

        // The next process with a runner takes it over from its last batch: no resume call.
        await using var second = await HostProcess.StartAsync(_folder, environment);
        var next = new MarketplaceClient(second.Client);
        var finished = await next.WaitForImportAsync(importId);

        Assert.Equal(("completed", entries, entries, 0), (finished.Status, finished.Done, finished.Imported, finished.Failed));
        Assert.Equal(ids.Order(), finished.Entries.Select(e => e.EntryId).Order());
        Assert.Equal(Enumerable.Range(0, entries).Select(i => $"command:crash-{i:D3}@tests"), finished.Entries.Select(e => e.ArtifactKey!).Order(StringComparer.Ordinal));
        Assert.All(await next.CatalogAsync(sourceId), e => Assert.Equal((CatalogEntryStatus.Imported, importId), (e.Status, e.ImportId!.Value)));
        var events = await EventsAsync(second.Client, importId);
        Assert.Equal(1, events.Count(e => e.Type == "job_started"));
        Assert.Contains(events, e => e.Type == "job_claimed"); // the takeover
        // Every committed batch once in the stream, the one the crash cut off from its figures included.
        Assert.Equal(Enumerable.Range(0, entries / batchSize),
            events.Where(e => e.Type == JobEvents.BatchCommitted).Select(e => e.Data!["index"]!.GetValue<int>()));
        await ProblemAssert.IsProblemAsync(await second.Client.PostAsync($"/api/v1/imports/{importId}/resume", null, Ct), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Import_WorkerKilledMidImport_AnotherRunningWorkerTakesItOverAfterTheLease()
    {
        const int entries = 400, batchSize = 2;
        var lease = TimeSpan.FromSeconds(3); // long enough that the two live workers do not take it from each other on a busy machine
        var poll = TimeSpan.FromMilliseconds(100);
        var environment = await EnvironmentAsync(("Import__LeaseDuration", lease.ToString("c", CultureInfo.InvariantCulture)),
            ("Workflows__PollInterval", poll.ToString("c", CultureInfo.InvariantCulture)), ("Maintenance__Enabled", "false"));
        await using var api = await HostProcess.StartAsync(_folder, With(environment, ("Workflows__RunnerEnabled", "false")));
        var client = new MarketplaceClient(api.Client);
        var sourceId = (await client.RegisterSourceAsync()).Id;
        var ids = await client.UploadAsync(sourceId, Enumerable.Range(0, entries).Select(i => MarketplaceClient.Entry($"commands/worker-{i:D3}.md")));
        // Two workers: one claims the import; the other idles (the job is leased) until its lease lapses.
        await using var one = await HostProcess.StartWorkerAsync(_folder, environment);
        await using var two = await HostProcess.StartWorkerAsync(_folder, environment);
        var importId = (await client.StartImportAsync(sourceId, ids, batchSize: batchSize)).Id;
        var running = await client.WaitForImportAsync(importId, r => r.Done >= batchSize * 5);
        Assert.False(running.IsFinished, "the import finished before it could be interrupted");
        var (holder, other) = running.Runner!.Contains($":{one.ProcessId}:", StringComparison.Ordinal) ? (one, two) : (two, one);
        var killedAt = DateTimeOffset.UtcNow;
        await holder.KillAsync();
        var finished = await client.WaitForImportAsync(importId);

        Assert.Equal(("completed", entries, entries), (finished.Status, finished.Done, finished.Imported));
        Assert.Equal(ids.Order(), finished.Entries.Select(e => e.EntryId).Order());
        Assert.All(await client.CatalogAsync(sourceId), e => Assert.Equal((CatalogEntryStatus.Imported, importId), (e.Status, e.ImportId!.Value)));
        var events = await EventsAsync(api.Client, importId);
        // The first claim after the kill: the survivor's takeover.
        var takeover = events.First(e => e.Type == "job_claimed" && e.At >= killedAt);
        Assert.Contains($":{other.ProcessId}:", takeover.Data!["runner"]!.GetValue<string>(), StringComparison.Ordinal);
        // A figure, not an assertion: the bound is the lease plus a poll interval (and the claim's own write).
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"kill -9 of the worker → takeover by the other worker after {(takeover.At - killedAt).TotalMilliseconds:F0} ms "
            + $"(lease {lease.TotalMilliseconds:F0} ms + poll {poll.TotalMilliseconds:F0} ms), "
            + $"import finished {(finished.FinishedAt!.Value - killedAt).TotalMilliseconds:F0} ms after the kill");
    }

    [Fact]
    public async Task Import_KilledThreeTimesAtRandomPoints_EndsWithTheArtifactsOfAnUninterruptedRun()
    {
        const int entries = 240, batchSize = 4;
        var environment = await EnvironmentAsync(("Import__LeaseDuration", "00:00:01"), ("Workflows__PollInterval", "00:00:00.100"));
        var random = new Random(4242);
        WriteCommandFiles(Path.Combine(_folder, "sources", "kill"), entries);
        Guid sourceId, importId = Guid.Empty;
        List<Guid> ids;
        await using (var setup = await HostProcess.StartAsync(_folder, environment))
        {
            var client = new MarketplaceClient(setup.Client);
            sourceId = (await client.RegisterSourceAsync(Path.Combine(_folder, "sources", "kill"))).Id;
            await client.ScanAsync(sourceId);
            ids = [.. (await client.CatalogAsync(sourceId)).Select(e => e.Id)];
        }

        for (var kill = 0; kill < 3; kill++)
        {
            await using var api = await HostProcess.StartAsync(_folder, environment);
            var client = new MarketplaceClient(api.Client);
            var done = (await client.CatalogAsync(sourceId, "&status=imported")).Count;
            if (kill == 0)
            {
                importId = (await client.StartImportAsync(sourceId, ids, batchSize: batchSize)).Id;
            }

            // After a kill, this process's runner takes the import over once the dead one's lease lapses.
            var target = done + batchSize * random.Next(2, 12); // a random point, well before the end
            while ((await client.CatalogAsync(sourceId, "&status=imported")).Count < target)
            {
                Assert.False((await client.WaitForImportAsync(importId, _ => true)).IsFinished, $"the import ended before kill {kill + 1}");
            }

            await api.KillAsync();
            AssertIntegrityOk();
        }

        Dictionary<string, string[]> interrupted;
        await using (var last = await HostProcess.StartAsync(_folder, environment))
        {
            var client = new MarketplaceClient(last.Client);
            var finished = await client.WaitForImportAsync(importId);
            Assert.Equal(("completed", entries, entries), (finished.Status, finished.Done, finished.Imported));
            Assert.All(finished.Entries.GroupBy(e => e.BatchIndex), g => Assert.Equal(batchSize, g.Count())); // no partial batch
            interrupted = await ArtifactsAsync(client, finished);
        }

        // The same files imported in one go, in a host of its own.
        await using var clean = await MarketplaceApiFactory.CreateAsync(postgres);
        WriteCommandFiles(Path.Combine(clean.SourcesFolder, "kill"), entries);
        var cleanApi = new MarketplaceClient(clean.CreateClient());
        var cleanSource = (await cleanApi.RegisterSourceAsync(Path.Combine(clean.SourcesFolder, "kill"))).Id;
        await cleanApi.ScanAsync(cleanSource);
        var once = await cleanApi.ImportAsync(cleanSource, [.. (await cleanApi.CatalogAsync(cleanSource)).Select(e => e.Id)], batchSize: batchSize);

        var uninterrupted = await ArtifactsAsync(cleanApi, once);
        Assert.Equal(uninterrupted.Keys.Order(StringComparer.Ordinal), interrupted.Keys.Order(StringComparer.Ordinal));
        Assert.All(uninterrupted, a => Assert.Equal(a.Value, interrupted[a.Key]));
    }

    /// <summary>A page of <c>GET /imports</c>.</summary>
    private sealed record PagedImports(List<ImportSummary> Items, int Total);

    private static async Task<List<JobEventInfo>> EventsAsync(HttpClient client, Guid importId)
    {
        using var response = await client.GetAsync($"/api/v1/imports/{importId}/events", HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ImportEvents.ReadAsync(response, Ct);
    }

    private static Dictionary<string, string> With(Dictionary<string, string> environment, params (string Key, string Value)[] more) =>
        new(environment.Concat(more.Select(m => KeyValuePair.Create(m.Key, m.Value))));

    /// <summary>Each imported artifact's key with its files (path and SHA-256), version and description.</summary>
    private static async Task<Dictionary<string, string[]>> ArtifactsAsync(MarketplaceClient client, ImportResult result)
    {
        var artifacts = new Dictionary<string, string[]>();
        foreach (var key in result.Entries.Select(e => e.ArtifactKey!))
        {
            var artifact = (await client.ArtifactAsync(key))!;
            artifacts[key] = [.. artifact.Files.Select(f => $"{f.Path}:{f.Sha256}:{f.Size}"), $"version={artifact.Version}", $"description={artifact.Description}", $"tags={string.Join(',', artifact.Tags)}"];
        }

        return artifacts;
    }

    private static void WriteCommandFiles(string folder, int count)
    {
        Directory.CreateDirectory(Path.Combine(folder, "commands"));
        for (var i = 0; i < count; i++)
        {
            File.WriteAllText(Path.Combine(folder, "commands", $"kill-{i:D3}.md"), $"---\nname: kill-{i:D3}\ndescription: Command {i}.\nversion: 1.{i}.0\ntags: [kill]\n---\nRun step {i}.\n");
        }
    }

    /// <summary>The settings given, plus a new database of its own on PostgreSQL (on SQLite the process uses the data folder's file).</summary>
    private async Task<Dictionary<string, string>> EnvironmentAsync(params (string Key, string Value)[] settings)
    {
        var environment = settings.ToDictionary(s => s.Key, s => s.Value);
        return postgres is null ? environment : new(environment.Concat(HostProcess.Environment(await postgres.OnNewDatabaseAsync())));
    }

    /// <summary>SQLite's own check of the file after a crash; PostgreSQL's crash recovery is the server's job.</summary>
    private void AssertIntegrityOk()
    {
        if (postgres is not null)
        {
            return;
        }

        using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "marketplace.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", command.ExecuteScalar());
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
