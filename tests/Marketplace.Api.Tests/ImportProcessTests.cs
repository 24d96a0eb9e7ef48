using System.Net;
using Marketplace.Api.Tests.Postgres;
using Marketplace.Catalog.Importing;
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
    public async Task Import_ProcessKilledMidway_CommittedBatchesCompleteAndResumeFinishes()
    {
        var environment = await EnvironmentAsync(("Import__LeaseDuration", "00:00:01"));
        const int entries = 400, batchSize = 4;
        Guid sourceId;
        List<Guid> ids;
        await using (var first = await HostProcess.StartAsync(_folder, environment))
        {
            var client = new MarketplaceClient(first.Client);
            sourceId = (await client.RegisterSourceAsync()).Id;
            ids = await client.UploadAsync(sourceId, Enumerable.Range(0, entries).Select(i => MarketplaceClient.Entry($"commands/crash-{i:D3}.md")));
            var import = client.PostImportAsync(sourceId, new { entryIds = ids, conflictStrategy = "skip", batchSize });
            // Kill once some batches have committed, well before the last.
            while ((await client.CatalogAsync(sourceId, "&status=imported")).Count < batchSize * 5)
            {
                Assert.False(import.IsCompleted, "the import finished before it could be interrupted");
            }

            await first.KillAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => import);
        }

        AssertIntegrityOk();
        await using var second = await HostProcess.StartAsync(_folder, environment);
        var api = new MarketplaceClient(second.Client);
        var catalog = await api.CatalogAsync(sourceId);
        var importId = catalog.First(e => e.ImportId is not null).ImportId!.Value;
        await Task.Delay(TimeSpan.FromSeconds(1.2), Ct); // let the dead process's lease run out
        var interrupted = await ProblemAssert.IsJsonAsync<ImportResult>(await second.Client.GetAsync($"/api/v1/imports/{importId}", Ct), HttpStatusCode.OK);

        Assert.Equal("interrupted", interrupted.Status);
        Assert.InRange(interrupted.Done, batchSize * 5, entries - 1);
        // Every committed batch is complete: outcomes come in whole batches, and each matches its catalog row.
        Assert.All(interrupted.Entries.GroupBy(e => e.BatchIndex), g => Assert.Equal(batchSize, g.Count()));
        Assert.Equal(interrupted.Done, catalog.Count(e => e.Status == CatalogEntryStatus.Imported));
        Assert.Equal(interrupted.Entries.Select(e => e.EntryId).Order(), catalog.Where(e => e.Status == CatalogEntryStatus.Imported).Select(e => e.Id).Order());

        var resumed = await ProblemAssert.IsJsonAsync<ImportResult>(await second.Client.PostAsync($"/api/v1/imports/{importId}/resume", null, Ct), HttpStatusCode.OK);

        Assert.Equal(("completed", entries, entries, 0), (resumed.Status, resumed.Done, resumed.Imported, resumed.Failed));
        Assert.Equal(ids.Order(), resumed.Entries.Select(e => e.EntryId).Order());
        Assert.Equal(Enumerable.Range(0, entries).Select(i => $"command:crash-{i:D3}@tests"), resumed.Entries.Select(e => e.ArtifactKey!).Order(StringComparer.Ordinal));
        Assert.All(await api.CatalogAsync(sourceId), e => Assert.Equal(CatalogEntryStatus.Imported, e.Status));
        await ProblemAssert.IsProblemAsync(await second.Client.PostAsync($"/api/v1/imports/{importId}/resume", null, Ct), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Import_KilledThreeTimesAtRandomPoints_EndsWithTheArtifactsOfAnUninterruptedRun()
    {
        const int entries = 240, batchSize = 4;
        var environment = await EnvironmentAsync(("Import__LeaseDuration", "00:00:01"));
        var random = new Random(4242);
        WriteCommandFiles(Path.Combine(_folder, "sources", "kill"), entries);
        Guid sourceId, importId = Guid.Empty;
        List<Guid> ids;
        await using (var setup = await HostProcess.StartAsync(_folder, environment))
        {
            var client = new MarketplaceClient(setup.Client);
            sourceId = (await client.RegisterSourceAsync(Path.Combine(_folder, "sources", "kill"))).Id;
            (await setup.Client.PostAsync($"/api/v1/marketplace/sources/{sourceId}/scan", null, Ct)).EnsureSuccessStatusCode();
            ids = [.. (await client.CatalogAsync(sourceId)).Select(e => e.Id)];
        }

        for (var kill = 0; kill < 3; kill++)
        {
            await using var api = await HostProcess.StartAsync(_folder, environment);
            var client = new MarketplaceClient(api.Client);
            var imported = await client.CatalogAsync(sourceId, "&status=imported");
            var done = imported.Count;
            if (kill > 0)
            {
                importId = imported[0].ImportId!.Value; // the import the first kill interrupted
            }

            var request = kill == 0
                ? client.PostImportAsync(sourceId, new { entryIds = ids, conflictStrategy = "skip", batchSize })
                : ResumeWhenLeaseLapsedAsync(api.Client, importId);
            var target = done + batchSize * random.Next(2, 12); // a random point, well before the end
            while ((await client.CatalogAsync(sourceId, "&status=imported")).Count < target)
            {
                Assert.False(request.IsCompleted, $"the import ended before kill {kill + 1}");
            }

            await api.KillAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => request);
            AssertIntegrityOk();
        }

        Dictionary<string, string[]> interrupted;
        await using (var last = await HostProcess.StartAsync(_folder, environment))
        {
            var resumed = await ProblemAssert.IsJsonAsync<ImportResult>(await ResumeWhenLeaseLapsedAsync(last.Client, importId), HttpStatusCode.OK);
            Assert.Equal(("completed", entries, entries), (resumed.Status, resumed.Done, resumed.Imported));
            Assert.All(resumed.Entries.GroupBy(e => e.BatchIndex), g => Assert.Equal(batchSize, g.Count())); // no partial batch
            interrupted = await ArtifactsAsync(new MarketplaceClient(last.Client), resumed);
        }

        // The same files imported in one go, in a host of its own.
        await using var clean = await MarketplaceApiFactory.CreateAsync(postgres);
        WriteCommandFiles(Path.Combine(clean.SourcesFolder, "kill"), entries);
        var cleanApi = new MarketplaceClient(clean.CreateClient());
        var cleanSource = (await cleanApi.RegisterSourceAsync(Path.Combine(clean.SourcesFolder, "kill"))).Id;
        (await cleanApi.Http.PostAsync($"/api/v1/marketplace/sources/{cleanSource}/scan", null, Ct)).EnsureSuccessStatusCode();
        var once = await cleanApi.ImportAsync(cleanSource, [.. (await cleanApi.CatalogAsync(cleanSource)).Select(e => e.Id)], batchSize: batchSize);

        var uninterrupted = await ArtifactsAsync(cleanApi, once);
        Assert.Equal(uninterrupted.Keys.Order(StringComparer.Ordinal), interrupted.Keys.Order(StringComparer.Ordinal));
        Assert.All(uninterrupted, a => Assert.Equal(a.Value, interrupted[a.Key]));
    }

    private static async Task<HttpResponseMessage> ResumeWhenLeaseLapsedAsync(HttpClient client, Guid importId)
    {
        while (true)
        {
            var response = await client.PostAsync($"/api/v1/imports/{importId}/resume", null, Ct);
            if (response.StatusCode != HttpStatusCode.Conflict)
            {
                return response;
            }

            await Task.Delay(200, Ct); // the killed process's lease has not run out yet
        }
    }

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
