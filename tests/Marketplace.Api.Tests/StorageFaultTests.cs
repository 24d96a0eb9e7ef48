using System.Data.Common;
using System.Net;
using Marketplace.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests;

/// <summary>The database refusing writes as on a full disk (an injected SQLITE_FULL): 503 ProblemDetails, nothing half-written, recovery.</summary>
public sealed class StorageFaultTests : IAsyncLifetime
{
    private readonly DiskFull _disk = new();
    private readonly MarketplaceApiFactory _factory;
    private MarketplaceClient _api = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public StorageFaultTests() => _factory = new MarketplaceApiFactory(new() { ["Import:RunFailureDelay"] = "00:10:00", ["Import:RunFailureMaxDelay"] = "00:10:00", ["Workflows:PollInterval"] = "00:00:00.100" })
    {
        ExtraServices = services => services.ConfigureDbContext<MarketplaceDbContext>(o => o.AddInterceptors(_disk)),
    };

    public ValueTask InitializeAsync()
    {
        _api = new MarketplaceClient(_factory.CreateClient());
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Writes_WhileTheDiskIsFull_Are503WithNothingWrittenAndSucceedOnceSpaceReturns()
    {
        var source = await _api.RegisterSourceAsync();
        var ids = await _api.UploadAsync(source.Id, Enumerable.Range(0, 30).Select(i => MarketplaceClient.Entry($"commands/full-{i}.md")));
        _disk.Full = true;

        var register = await ProblemAssert.IsProblemAsync(await _api.Http.PostJsonAsync("/api/v1/marketplace/sources", new { repoUrl = "https://example.test/full" }), HttpStatusCode.ServiceUnavailable);
        Assert.Contains("full", register.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        await ProblemAssert.IsProblemAsync(await _api.Http.PatchAsync($"/api/v1/marketplace/sources/{source.Id}/catalog/{ids[0]}", System.Net.Http.Json.JsonContent.Create(new { description = "lost?" }), Ct), HttpStatusCode.ServiceUnavailable);
        var import = await _api.PostImportAsync(source.Id, new { entryIds = ids, conflictStrategy = "skip" });
        await ProblemAssert.IsProblemAsync(import, HttpStatusCode.ServiceUnavailable);
        Assert.True(import.Headers.RetryAfter is not null);
        await ProblemAssert.IsProblemAsync(await _api.Http.PostJsonAsync("/api/v1/workflows", new { yaml = "workflow: { id: w, name: full, version: 1 }\nstages: [ { id: g, type: gate } ]" }), HttpStatusCode.ServiceUnavailable);

        _disk.Full = false;
        var sources = await _api.Http.GetStringAsync("/api/v1/marketplace/sources?limit=500", Ct);
        Assert.DoesNotContain("https://example.test/full", sources, StringComparison.Ordinal);
        var catalog = await _api.CatalogAsync(source.Id);
        Assert.All(catalog, e => Assert.Equal((Data.Model.CatalogEntryStatus.New, null), (e.Status, e.Description)));
        Assert.Null(await _api.ArtifactAsync("command:full-0@tests"));

        var result = await _api.ImportAsync(source.Id, ids);
        Assert.Equal(("completed", 30), (result.Status, result.Imported));
        await _api.RegisterSourceAsync();
    }

    [Fact]
    public async Task Import_FailingOnAFullDisk_BacksOffAndAResumeRunsItAtOnceWhenSpaceReturns()
    {
        var source = await _api.RegisterSourceAsync();
        var ids = await _api.UploadAsync(source.Id, Enumerable.Range(0, 20).Select(i => MarketplaceClient.Entry($"commands/retry-{i}.md")));
        // The job is created and claimed, then the disk fills: its first batch fails, and the run backs off (10 minutes here).
        _disk.RefuseWhen = sql => sql.StartsWith("UPDATE \"catalog_entries\"", StringComparison.Ordinal);
        var started = await _api.StartImportAsync(source.Id, ids, batchSize: 5);
        var backingOff = await _api.WaitForImportAsync(started.Id, r => r.RunFailures == 1 && r.Status == "pending");
        Assert.Contains("full", backingOff.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, backingOff.Done);
        Assert.Equal(started.Id, await SingleImportIdAsync(source.Id));

        _disk.RefuseWhen = null;
        var resumed = await _api.FinishedAsync<Catalog.Importing.ImportResult>(
            await _api.PostAsync($"/api/v1/imports/{started.Id}/resume", new { }, "wait=60"), r => r.IsFinished); // at once, not after the back-off
        Assert.Equal(("completed", 20, 20), (resumed.Status, resumed.Done, resumed.Imported));
        Assert.All(await _api.CatalogAsync(source.Id), e => Assert.Equal(Data.Model.CatalogEntryStatus.Imported, e.Status));
    }

    private async Task<Guid> SingleImportIdAsync(Guid sourceId)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<MarketplaceDbContext>>().CreateDbContextAsync(Ct);
        return await db.ImportJobs.Where(j => j.SourceId == sourceId).Select(j => j.Id).SingleAsync(Ct);
    }

    /// <summary>
    /// Fails data-changing commands with SQLITE_FULL while <see cref="Full"/> is set, or those <see cref="RefuseWhen"/>
    /// picks by their SQL.
    /// </summary>
    private sealed class DiskFull : DbCommandInterceptor
    {
        public volatile bool Full;
        public volatile Func<string, bool>? RefuseWhen;

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
            Refuse(command) ?? result;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Refuse(command) ?? result);

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
            Refuse<int>(command) ?? result;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Refuse<int>(command) ?? result);

        private InterceptionResult<DbDataReader>? Refuse(DbCommand command) => Refuse<DbDataReader>(command);

        private InterceptionResult<T>? Refuse<T>(DbCommand command)
        {
            var sql = command.CommandText.TrimStart();
            var writes = sql.Split(' ', 2)[0].ToUpperInvariant() is "INSERT" or "UPDATE" or "DELETE";
            return writes && (Full || RefuseWhen?.Invoke(sql) == true) ? throw new SqliteException("database or disk is full", 13) : null;
        }
    }
}
