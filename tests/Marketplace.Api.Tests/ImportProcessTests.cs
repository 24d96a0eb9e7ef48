using System.Net;
using Marketplace.Data.Importing;
using Marketplace.Data.Model;
using Microsoft.Data.Sqlite;

namespace Marketplace.Api.Tests;

/// <summary>Imports against the API running as its own process: configuration from the environment, and a crash mid-import.</summary>
public sealed class ImportProcessTests : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("marketplace-process-").FullName;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_BatchSizeFromEnvironmentVariable_IsUsed()
    {
        await using var api = await HostProcess.StartAsync(_folder, new Dictionary<string, string> { ["Import__BatchSize"] = "20" });
        var client = new MarketplaceClient(api.Client);
        var source = await client.RegisterSourceAsync();
        var ids = await client.UploadAsync(source.Id, Enumerable.Range(0, 100).Select(i => MarketplaceClient.Entry($"commands/env-{i}.md")));

        var result = await client.ImportAsync(source.Id, ids);

        Assert.Equal((20, 5, 100), (result.BatchSize, result.Batches.Count, result.Imported));
    }

    [Fact]
    public async Task Import_ProcessKilledMidway_CommittedBatchesCompleteAndResumeFinishes()
    {
        var environment = new Dictionary<string, string> { ["Import__LeaseDuration"] = "00:00:01" };
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
        Assert.Equal(Enumerable.Range(0, entries).Select(i => $"command:crash-{i:D3}"), resumed.Entries.Select(e => e.ArtifactKey!).Order(StringComparer.Ordinal));
        Assert.All(await api.CatalogAsync(sourceId), e => Assert.Equal(CatalogEntryStatus.Imported, e.Status));
        await ProblemAssert.IsProblemAsync(await second.Client.PostAsync($"/api/v1/imports/{importId}/resume", null, Ct), HttpStatusCode.Conflict);
    }

    private void AssertIntegrityOk()
    {
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
        return ValueTask.CompletedTask;
    }
}
