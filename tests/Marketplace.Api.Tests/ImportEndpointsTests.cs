using System.Net;
using Marketplace.Api.Tests.Postgres;
using Marketplace.Data.Model;

namespace Marketplace.Api.Tests;

/// <summary>The batched import through the API on SQLite.</summary>
public sealed class ImportEndpointsTests() : ImportEndpointsScenarios(postgres: null);

/// <summary>The batched import through the API on PostgreSQL.</summary>
public sealed class ImportEndpointsTestsOnPostgres(PostgresFixture postgres) : ImportEndpointsScenarios(postgres);

/// <summary>The batched import through the API, on a fresh database per test; run by a class per provider.</summary>
public abstract class ImportEndpointsScenarios(PostgresFixture? postgres) : IAsyncLifetime
{
    private MarketplaceApiFactory _factory = null!;
    private MarketplaceClient _api = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _factory = await CreateFactoryAsync(new() { ["Import:MaxEntriesPerRequest"] = "150" });
        _api = new MarketplaceClient(_factory.CreateClient());
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private Task<MarketplaceApiFactory> CreateFactoryAsync(Dictionary<string, string?> settings) => MarketplaceApiFactory.CreateAsync(postgres, settings);

    [Fact]
    public async Task Import_100EntriesWithBadSeventhInSecondBatch_TenBatchesAndOnlyThatEntryFails()
    {
        var source = await _api.RegisterSourceAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        // Entry 16 (batch 1, 7th) is refused by the database, as a constraint refuses a row.
        await DatabaseFaults.RefuseArtifactsAsync(_factory);
        var ids = await _api.UploadAsync(source.Id, Enumerable.Range(0, 100).Select(i =>
            MarketplaceClient.Entry($"commands/{tag}-{i}.md", i == 16 ? $"{tag}{DatabaseFaults.RefusedSuffix}" : $"{tag}-{i}")));

        var result = await _api.ImportAsync(source.Id, ids, batchSize: 10);

        Assert.Equal(("partial", 100, 100, 99, 0, 1), (result.Status, result.Total, result.Done, result.Imported, result.Skipped, result.Failed));
        Assert.Equal(10, result.Batches.Count);
        Assert.Equal(Enumerable.Range(0, 10), result.Batches.Select(b => b.Index));
        Assert.All(result.Batches, b => Assert.Equal(10, b.Size));
        Assert.Equal(ImportBatchStatus.Isolated, Assert.Single(result.Batches, b => b.Status != ImportBatchStatus.Committed).Status);
        Assert.Equal(1, result.Batches.Single(b => b.Status == ImportBatchStatus.Isolated).Index);
        var failed = Assert.Single(result.Entries, e => e.Outcome == ImportOutcome.Failed);
        Assert.Equal(ids[16], failed.EntryId);
        Assert.Equal("The database refused the entry: it breaks the rule 'ck_test_refusal'.", failed.Error); // never the provider's own text
        Assert.Equal(ids.Where((_, i) => i != 16), result.Entries.Where(e => e.Outcome == ImportOutcome.Imported).Select(e => e.EntryId));

        var entries = await _api.CatalogAsync(source.Id);
        var bad = entries.Single(e => e.Id == ids[16]);
        Assert.Equal(CatalogEntryStatus.New, bad.Status);
        Assert.Equal(failed.Error, bad.ImportError);
        Assert.NotNull(bad.ImportErrorAt);
        Assert.Equal(99, entries.Count(e => e.Status == CatalogEntryStatus.Imported && e.ImportId == result.Id));
        Assert.NotNull(await _api.ArtifactAsync($"command:{tag}-17@tests")); // the bad entry's batch-mates landed one by one

        var again = await ProblemAssert.IsJsonAsync<Catalog.Importing.ImportResult>(await _api.Http.GetAsync($"/api/v1/imports/{result.Id}", Ct), HttpStatusCode.OK);
        Assert.Equal(result with { Entries = [], Batches = [] }, again with { Entries = [], Batches = [] });
        Assert.Equal(result.Entries, again.Entries);
        Assert.Equal(result.Batches.Select(b => (b.Index, b.Size, b.Status)), again.Batches.Select(b => (b.Index, b.Size, b.Status)));
        Assert.All(again.Batches, b => Assert.True(b.LockHoldMs > 0, $"batch {b.Index} has its lock-hold figure"));
    }

    [Theory]
    [InlineData(5, 20)]
    [InlineData(1000, 1)]
    public async Task Import_BatchSizeInRequest_OverridesConfiguration(int batchSize, int batches)
    {
        var source = await _api.RegisterSourceAsync();
        var ids = await _api.UploadAsync(source.Id, Enumerable.Range(0, 100).Select(i => MarketplaceClient.Entry($"commands/req-{source.Id:N}-{i}.md")));

        var result = await _api.ImportAsync(source.Id, ids, batchSize: batchSize);

        Assert.Equal(batches, result.Batches.Count);
        Assert.Equal(batchSize, result.BatchSize);
        Assert.Equal(100, result.Imported);
    }

    [Fact]
    public async Task Import_BatchSizeFromConfiguration_IsTheDefault()
    {
        await using var factory = await CreateFactoryAsync(new() { ["Import:BatchSize"] = "25" });
        var api = new MarketplaceClient(factory.CreateClient());
        var source = await api.RegisterSourceAsync();
        var ids = await api.UploadAsync(source.Id, Enumerable.Range(0, 100).Select(i => MarketplaceClient.Entry($"commands/cfg-{i}.md")));

        var result = await api.ImportAsync(source.Id, ids);

        Assert.Equal((25, 4), (result.BatchSize, result.Batches.Count));
    }

    [Fact]
    public async Task Import_ConflictStrategies_SkipOverwriteRenameAndIdempotentRerun()
    {
        var name = "tool-" + Guid.NewGuid().ToString("N")[..8];
        var first = await _api.RegisterSourceAsync();
        var original = await _api.UploadAsync(first.Id, [MarketplaceClient.Entry($"commands/{name}.md", name, description: "first")]);
        var imported = await _api.ImportAsync(first.Id, original);
        var artifactId = imported.Entries.Single().ArtifactId;

        // A second source of the same namespace (a fork of the marketplace) publishes two entries with the same identity.
        var second = await _api.RegisterSourceAsync();
        var rivals = await _api.UploadAsync(second.Id, [
            MarketplaceClient.Entry($"a/commands/{name}.md", name, description: "second"),
            MarketplaceClient.Entry($"b/commands/{name}.md", name, description: "third")]);

        var skipped = await _api.ImportAsync(second.Id, rivals, "skip");
        Assert.Equal((0, 2), (skipped.Imported, skipped.Skipped));
        Assert.All(skipped.Entries, e => Assert.Equal($"command:{name}@tests", e.CollidedWith));
        Assert.All(await _api.CatalogAsync(second.Id), e => Assert.Equal($"command:{name}@tests", e.CollidedWith));
        Assert.Equal("first", (await _api.ArtifactAsync($"command:{name}@tests"))!.Description);

        var renamed = await _api.ImportAsync(second.Id, rivals, "rename");
        Assert.Equal([$"command:{name}-1@tests", $"command:{name}-2@tests"], renamed.Entries.Select(e => e.ArtifactKey));
        Assert.All(renamed.Entries, e => Assert.Equal($"command:{name}@tests", e.CollidedWith));
        var rerun = await _api.ImportAsync(second.Id, rivals, "rename");
        Assert.Equal(renamed.Entries.Select(e => e.ArtifactId), rerun.Entries.Select(e => e.ArtifactId)); // same rows, updated in place
        Assert.Null(await _api.ArtifactAsync($"command:{name}-3@tests"));

        var third = await _api.RegisterSourceAsync();
        var overwriter = await _api.UploadAsync(third.Id, [MarketplaceClient.Entry($"commands/{name}.md", name, description: "overwritten", tags: ["fresh"])]);
        var overwritten = await _api.ImportAsync(third.Id, overwriter, "overwrite");
        Assert.Equal(artifactId, overwritten.Entries.Single().ArtifactId);
        var artifact = (await _api.ArtifactAsync($"command:{name}@tests"))!;
        Assert.Equal((artifactId!.Value, "overwritten"), (artifact.Id, artifact.Description));
        Assert.Equal(["fresh"], artifact.Tags);

        var repeat = await _api.ImportAsync(first.Id, original, "skip");
        Assert.Equal(ImportOutcome.Skipped, repeat.Entries.Single().Outcome);
    }

    [Fact]
    public async Task Import_ConcurrentRenameImportsOfTheSameNames_EveryEntryGetsADistinctKey()
    {
        // Four sources publish the same 30 command names with shared new tags; all four import at once with rename.
        // On PostgreSQL nothing serializes these writers: the unique keys must, with the losing batch re-reading.
        const int sources = 4, names = 30;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var uploads = await _api.RegisterSourcesAsync(sources, _ => Enumerable.Range(0, names)
            .Select(i => MarketplaceClient.Entry($"commands/{tag}-{i}.md", tags: [$"{tag}-shared", $"{tag}-{i % 3}"])));

        var results = await Task.WhenAll(uploads.Select(u => _api.ImportAsync(u.Source, u.Ids, "rename", batchSize: 5)));

        Assert.All(results, r => Assert.Equal(("completed", names, 0), (r.Status, r.Imported, r.Failed)));
        var keys = results.SelectMany(r => r.Entries.Select(e => e.ArtifactKey!)).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        var expected = Enumerable.Range(0, names).SelectMany(i => Enumerable.Range(0, sources).Select(n => n == 0 ? $"command:{tag}-{i}@tests" : $"command:{tag}-{i}-{n}@tests"));
        Assert.Equal(expected.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        var artifact = (await _api.ArtifactAsync($"command:{tag}-7-3@tests"))!;
        Assert.Equal([$"{tag}-1", $"{tag}-shared"], artifact.Tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Import_CompositeWithChildren_LinksMembersInOrderAndReportsFailedChild()
    {
        var source = await _api.RegisterSourceAsync();
        var p = "p" + Guid.NewGuid().ToString("N")[..8];
        await DatabaseFaults.RefuseArtifactsAsync(_factory);
        var ids = await _api.UploadAsync(source.Id, [
            MarketplaceClient.Entry($"plugins/{p}", p, type: "plugin"),
            MarketplaceClient.Entry($"plugins/{p}/commands/{p}-b.md", $"{p}-b"),
            MarketplaceClient.Entry($"plugins/{p}/agents/{p}-a.md", $"{p}-a", type: "agent"),
            MarketplaceClient.Entry($"plugins/{p}/commands/{p}-bad.md", $"{p}{DatabaseFaults.RefusedSuffix}"),
            MarketplaceClient.Entry($"plugins/{p}/skills/{p}-c", $"{p}-c", type: "skill"),
            MarketplaceClient.Entry($"commands/{p}-outside.md", $"{p}-outside")]);

        var result = await _api.ImportAsync(source.Id, [ids[0]]);

        Assert.Equal(("partial", 5, 4, 1), (result.Status, result.Total, result.Imported, result.Failed));
        Assert.Equal(ids[3], result.Entries.Single(e => e.Outcome == ImportOutcome.Failed).EntryId);
        var plugin = (await _api.ArtifactAsync($"plugin:{p}@tests"))!;
        // Children in path order (agents/, commands/…-b, commands/…-bad, skills/); the failed child is left out.
        // Entries below the plugin's path belong to it: their keys carry its name.
        Assert.Equal([$"agent:{p}:{p}-a@tests", $"command:{p}:{p}-b@tests", $"skill:{p}:{p}-c@tests"], plugin.Members.Select(m => m.Key));
        Assert.Equal([0, 1, 3], plugin.Members.Select(m => m.Position));
        Assert.Null(await _api.ArtifactAsync($"command:{p}-outside@tests"));
    }

    [Fact]
    public async Task Import_ConcurrentHttpImportsWithCatalogEditsAndOtherWriters_AllLandExactlyOnce()
    {
        const int imports = 5, perImport = 100;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var sources = await _api.RegisterSourcesAsync(imports, s => Enumerable.Range(0, perImport).Select(i => MarketplaceClient.Entry($"commands/{tag}-{s}-{i}.md")));

        var editable = await _api.RegisterSourceAsync();
        var editIds = await _api.UploadAsync(editable.Id, Enumerable.Range(0, 20).Select(i => MarketplaceClient.Entry($"commands/{tag}-edit-{i}.md")));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var lastEdit = new Dictionary<Guid, string>();
        var edits = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested || n < 40; n++)
            {
                var id = editIds[n % editIds.Count];
                var response = await _api.Http.PatchAsync($"/api/v1/marketplace/sources/{editable.Id}/catalog/{id}",
                    System.Net.Http.Json.JsonContent.Create(new { description = $"edit-{n}" }), CancellationToken.None);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                lastEdit[id] = $"edit-{n}";
            }
        }, CancellationToken.None);
        var otherWriters = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested || n < 10; n++)
            {
                await _api.RegisterSourceAsync();
            }
        }, CancellationToken.None);

        var results = await Task.WhenAll(sources.Select(s => _api.ImportAsync(s.Source, s.Ids, batchSize: 10)));
        await stop.CancelAsync();
        await Task.WhenAll(edits, otherWriters);

        Assert.All(results, r => Assert.Equal(("completed", perImport, 0), (r.Status, r.Imported, r.Failed)));
        var keys = results.SelectMany(r => r.Entries.Select(e => e.ArtifactKey!)).ToList();
        Assert.Equal(imports * perImport, keys.Distinct().Count());
        foreach (var key in keys.Where((_, i) => i % 25 == 0))
        {
            Assert.NotNull(await _api.ArtifactAsync(key));
        }

        var page = await ProblemAssert.IsJsonAsync<Contracts.PagedResponse<Catalog.Collections.ArtifactSummary>>(
            await _api.Http.GetAsync($"/api/v1/collections/{Collection.DefaultId}/artifacts?limit=500&skip=0", Ct), HttpStatusCode.OK);
        Assert.True(page.Total >= imports * perImport);
        var edited = await _api.CatalogAsync(editable.Id);
        Assert.All(lastEdit, e => Assert.Equal(e.Value, edited.Single(x => x.Id == e.Key).Description));
    }

    [Fact]
    public async Task Upload_NameThatCannotBeAKey_KeepsItsDisplayNameAndImportsUnderASlug()
    {
        var source = await _api.RegisterSourceAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var ids = await _api.UploadAsync(source.Id, [MarketplaceClient.Entry($"commands/{tag}.md", $"Building CI/CD Pipelines: {tag}")]);

        var result = await _api.ImportAsync(source.Id, ids);

        var entry = Assert.Single(await _api.CatalogAsync(source.Id));
        Assert.Equal(($"Building CI-CD Pipelines- {tag}", $"Building CI/CD Pipelines: {tag}"), (entry.Name, entry.DisplayName));
        Assert.Equal(("completed", $"command:Building CI-CD Pipelines- {tag}@tests"), (result.Status, result.Entries.Single().ArtifactKey));
        Assert.Equal($"Building CI/CD Pipelines: {tag}", (await _api.ArtifactAsync(result.Entries.Single().ArtifactKey!))!.DisplayName);
    }
}
