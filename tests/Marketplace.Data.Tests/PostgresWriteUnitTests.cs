using System.Diagnostics.Metrics;
using Marketplace.Data.Diagnostics;
using Marketplace.Data.Model;
using Marketplace.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Marketplace.Data.Tests;

/// <summary>
/// Write units on a real PostgreSQL server: a deadlock, a serialization failure and a dropped connection each run the
/// whole unit again on a fresh context, counted like busy retries on SQLite; a unique violation is not retried.
/// </summary>
public sealed class PostgresWriteUnitTests(PostgresWriteUnitTests.Server server) : IAsyncLifetime, IClassFixture<PostgresWriteUnitTests.Server>
{
    private TestDatabase _database = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One server for the class; each test gets a database of its own.</summary>
    public sealed class Server : IAsyncLifetime
    {
        internal PostgresServer Instance { get; private set; } = null!;

        // Deadlocks are found after deadlock_timeout (1 s by default); a short one keeps the test short.
        public async ValueTask InitializeAsync() => Instance = await PostgresServer.StartAsync(new Dictionary<string, string> { ["deadlock_timeout"] = "100ms" });

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await Instance.DisposeAsync();
        }
    }

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = await server.Instance.CreateDatabaseAsync(Ct),
    });

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Deadlock_TwoUnitsLockingRowsInOppositeOrder_TheVictimRunsAgainAndBothCommit()
    {
        var (a, b) = (await _database.AddSourceAsync(), await _database.AddSourceAsync());
        using var retries = new RetryCounter(_database.Services);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = new int[2];

        // Each unit renames one row, waits until the other holds its first row too, then renames the other's row.
        async Task<string> UnitAsync(MarketplaceDbContext db, int unit, Guid mine, Guid theirs, TaskCompletionSource holding, TaskCompletionSource other, CancellationToken ct)
        {
            Interlocked.Increment(ref runs[unit]);
            var name = $"unit-{unit}";
            await db.Sources.Where(s => s.Id == mine).ExecuteUpdateAsync(u => u.SetProperty(s => s.Name, name), ct);
            holding.TrySetResult();
            await other.Task.WaitAsync(ct);
            await db.Sources.Where(s => s.Id == theirs).ExecuteUpdateAsync(u => u.SetProperty(s => s.Name, name), ct);
            return name;
        }

        var results = await Task.WhenAll(
            _database.Writes.ExecuteAsync((db, ct) => UnitAsync(db, 0, a, b, first, second, ct), WriteUnits.WriteUnitPriority.Interactive, Ct),
            _database.Writes.ExecuteAsync((db, ct) => UnitAsync(db, 1, b, a, second, first, ct), WriteUnits.WriteUnitPriority.Interactive, Ct));

        // One unit was the deadlock's victim: it ran twice, after the other had committed, so its name is on both rows.
        Assert.Equal([1, 2], results.Select(r => r.Attempts).Order());
        Assert.Equal(3, runs.Sum());
        var last = results.Single(r => r.Attempts == 2).Value;
        await using var read = await _database.Contexts.CreateDbContextAsync(Ct);
        Assert.All(await read.Sources.Where(s => s.Id == a || s.Id == b).Select(s => s.Name).ToListAsync(Ct), name => Assert.Equal(last, name));
        Assert.True(retries.Count >= 1);
    }

    [Fact]
    public async Task SerializationFailureThenDroppedConnection_UnitRunsAgainAndCommitsOnce()
    {
        using var retries = new RetryCounter(_database.Services);
        var id = Guid.NewGuid();
        var runs = 0;

        var result = await _database.Writes.ExecuteAsync(async (db, ct) =>
        {
            switch (++runs)
            {
                case 1:
                    await db.Database.ExecuteSqlRawAsync("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END $$", ct);
                    break;
                case 2:
                    await db.Database.ExecuteSqlRawAsync("SELECT pg_terminate_backend(pg_backend_pid())", ct); // the server drops this connection
                    break;
            }

            db.Sources.Add(new MarketplaceSource { Id = id, Name = "once", Namespace = "once", RepoUrl = $"https://example.test/{id}", CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch });
            return runs;
        }, WriteUnits.WriteUnitPriority.Interactive, Ct);

        Assert.Equal((3, 3), (result.Value, result.Attempts));
        await using var read = await _database.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(1, await read.Sources.CountAsync(s => s.Id == id, Ct));
        Assert.Equal(2, retries.Count);
    }

    [Fact]
    public async Task UniqueViolation_IsDuplicateKeyAndNotRetried()
    {
        var url = $"https://example.test/{Guid.NewGuid()}";
        await _database.AddSourceAsync(url);
        var runs = 0;

        await Assert.ThrowsAsync<DuplicateKeyException>(() => _database.Writes.ExecuteAsync((db, _) =>
        {
            runs++;
            db.Sources.Add(new MarketplaceSource { Id = Guid.NewGuid(), Name = "twin", Namespace = "twin", RepoUrl = url, CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch });
            return Task.FromResult(0);
        }, WriteUnits.WriteUnitPriority.Interactive, Ct));

        Assert.Equal(1, runs);
    }

    /// <summary>Counts <c>marketplace.db.busy_retries</c> of this host's meter while it lives.</summary>
    private sealed class RetryCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public RetryCounter(IServiceProvider services)
        {
            var meter = services.GetRequiredService<DataMetrics>().Meter;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == meter && instrument.Name == "marketplace.db.busy_retries")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
