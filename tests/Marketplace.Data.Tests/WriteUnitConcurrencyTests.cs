using System.Collections.Concurrent;
using System.Diagnostics;
using Marketplace.Data.Diagnostics;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Data.Tests;

public sealed class WriteUnitConcurrencyTests
{
    [Fact]
    public async Task RunAsync_16WritersX200UnitsWithReader_EveryRowPresentNoErrors()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync();
        var sourceId = await database.AddSourceAsync();
        const int writers = 16, unitsPerWriter = 200;
        var errors = new ConcurrentQueue<Exception>();
        var maxGateWait = TimeSpan.Zero;
        var maxLockHold = TimeSpan.Zero;
        var gate = new object();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var reads = 0;
        var maxRead = TimeSpan.Zero;
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    await using var db = await database.Contexts.CreateDbContextAsync(CancellationToken.None);
                    _ = await db.CatalogEntries.AsNoTracking().CountAsync(e => e.SourceId == sourceId, CancellationToken.None);
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    maxRead = elapsed > maxRead ? elapsed : maxRead;
                    reads++;
                }
                catch (Exception ex)
                {
                    errors.Enqueue(ex);
                }
            }
        }, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < unitsPerWriter; i++)
            {
                try
                {
                    var path = $"w{w}/{i}";
                    var result = await database.Writes.ExecuteAsync((db, _) =>
                    {
                        db.CatalogEntries.Add(TestDatabase.Entry(sourceId, path));
                        return Task.FromResult(path);
                    }, ct);
                    lock (gate)
                    {
                        maxGateWait = result.GateWait > maxGateWait ? result.GateWait : maxGateWait;
                        maxLockHold = result.LockHold > maxLockHold ? result.LockHold : maxLockHold;
                    }
                }
                catch (Exception ex)
                {
                    errors.Enqueue(ex);
                }
            }
        }, ct)));
        clock.Stop();
        await stop.CancelAsync();
        await reader;

        Assert.Empty(errors);
        await using var check = await database.Contexts.CreateDbContextAsync(ct);
        var paths = await check.CatalogEntries.AsNoTracking().Where(e => e.SourceId == sourceId).Select(e => e.Path).ToListAsync(ct);
        Assert.Equal(writers * unitsPerWriter, paths.Count);
        Assert.Equal(writers * unitsPerWriter, paths.Distinct().Count());
        Assert.True(reads > 0, "the reader ran throughout");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{writers * unitsPerWriter} units in {clock.Elapsed.TotalMilliseconds:F0} ms = {writers * unitsPerWriter / clock.Elapsed.TotalSeconds:F0} units/s; " +
            $"max gate wait {maxGateWait.TotalMilliseconds:F1} ms; max lock hold {maxLockHold.TotalMilliseconds:F1} ms; " +
            $"{reads} reads, slowest {maxRead.TotalMilliseconds:F1} ms");
    }

    [Fact]
    public async Task Read_WhileUnitHoldsWriteLock_CompletesAndSeesOnlyCommittedRows()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync();
        var sourceId = await database.AddSourceAsync();
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var unit = database.Writes.RunAsync(async (db, c) =>
        {
            db.CatalogEntries.Add(TestDatabase.Entry(sourceId, "held"));
            await db.SaveChangesAsync(c); // written but not committed
            inside.SetResult();
            await release.Task.WaitAsync(c);
        }, ct);
        await inside.Task.WaitAsync(ct);

        // The unit holds the write lock now; a reader must neither wait for it nor see its row.
        await using (var db = await database.Contexts.CreateDbContextAsync(ct))
        {
            var visible = await db.CatalogEntries.AsNoTracking().CountAsync(e => e.SourceId == sourceId, ct);
            Assert.Equal(0, visible);
        }

        Assert.False(unit.IsCompleted);
        release.SetResult();
        await unit;
        await using var after = await database.Contexts.CreateDbContextAsync(ct);
        Assert.Equal(1, await after.CatalogEntries.CountAsync(e => e.SourceId == sourceId, ct));
    }

    [Fact]
    public async Task RunAsync_BeforeAnyWrite_HoldsWriteLockImmediately()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync();
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var unit = database.Writes.RunAsync(async (_, c) =>
        {
            inside.SetResult();
            await release.Task.WaitAsync(c);
        }, ct);
        await inside.Task.WaitAsync(ct);

        // BEGIN IMMEDIATE took the lock at the start of the unit, before it wrote anything.
        await using var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database.FilePath};Default Timeout=1");
        await raw.OpenAsync(ct);
        await using var command = raw.CreateCommand();
        // One statement per command: Microsoft.Data.Sqlite drops a busy error raised by a later statement of a batch.
        command.CommandText = "BEGIN IMMEDIATE;";
        var error = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => command.ExecuteNonQueryAsync(ct));
        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY

        release.SetResult();
        await unit;
    }

    [Fact]
    public async Task RunAsync_LockHeldPastRetryBudget_ThrowsDatabaseBusyAndWritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(new Dictionary<string, string?>
        {
            ["Database:BusyTimeoutMs"] = "100",
            ["Database:CommandTimeoutSeconds"] = "1",
            ["Database:WriteRetryAttempts"] = "2",
            ["Database:WriteRetryInitialDelayMs"] = "10",
            ["Database:WriteRetryMaxDelayMs"] = "20",
        });
        var sourceId = await database.AddSourceAsync();
        await using var holder = await HoldWriteLockAsync(database.FilePath, ct);

        var error = await Assert.ThrowsAsync<DatabaseBusyException>(() => database.Writes.RunAsync((db, _) =>
        {
            db.CatalogEntries.Add(TestDatabase.Entry(sourceId, "never"));
            return Task.CompletedTask;
        }, ct));

        Assert.Equal(2, error.Attempts);
        Assert.Contains("stayed busy", error.Message, StringComparison.Ordinal);
        Assert.True(SqliteErrorsIsBusy(error.InnerException!));
        await holder.DisposeAsync();
        await using var db = await database.Contexts.CreateDbContextAsync(ct);
        Assert.False(await db.CatalogEntries.AnyAsync(e => e.SourceId == sourceId, ct));
        Assert.Equal(1, database.Services.GetRequiredService<DataMetrics>().Snapshot().BusyFailures);
    }

    [Fact]
    public async Task RunAsync_LockReleasedDuringRetries_CommitsAndCountsRetry()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(new Dictionary<string, string?>
        {
            ["Database:BusyTimeoutMs"] = "100",
            ["Database:CommandTimeoutSeconds"] = "1",
            ["Database:WriteRetryAttempts"] = "10",
            ["Database:WriteRetryInitialDelayMs"] = "50",
            ["Database:WriteRetryMaxDelayMs"] = "100",
        });
        var sourceId = await database.AddSourceAsync();
        var holder = await HoldWriteLockAsync(database.FilePath, ct);
        // Held past one attempt (command timeout 1 s), released well inside the budget.
        _ = Task.Delay(TimeSpan.FromMilliseconds(1500), ct).ContinueWith(_ => holder.DisposeAsync().AsTask(), ct, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();

        var result = await database.Writes.ExecuteAsync((db, _) =>
        {
            db.CatalogEntries.Add(TestDatabase.Entry(sourceId, "eventually"));
            return Task.FromResult(0);
        }, ct);

        Assert.True(result.Attempts > 1);
        Assert.True(database.Services.GetRequiredService<DataMetrics>().Snapshot().BusyRetries >= 1);
        await using var db = await database.Contexts.CreateDbContextAsync(ct);
        Assert.True(await db.CatalogEntries.AnyAsync(e => e.SourceId == sourceId && e.Path == "eventually", ct));
    }

    [Fact]
    public async Task RunAsync_DelegateThrows_RollsBackAndPropagates()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync();
        var sourceId = await database.AddSourceAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => database.Writes.RunAsync(async (db, c) =>
        {
            db.CatalogEntries.Add(TestDatabase.Entry(sourceId, "rolled-back"));
            await db.SaveChangesAsync(c);
            throw new InvalidOperationException("boom");
        }, ct));

        await using var check = await database.Contexts.CreateDbContextAsync(ct);
        Assert.False(await check.CatalogEntries.AnyAsync(e => e.SourceId == sourceId, ct));
    }

    [Fact]
    public async Task RunAsync_UniqueViolation_ThrowsDuplicateKey()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync();
        var sourceId = await database.AddSourceAsync();
        await database.Writes.RunAsync((db, _) => { db.CatalogEntries.Add(TestDatabase.Entry(sourceId, "same")); return Task.CompletedTask; }, ct);

        var error = await Assert.ThrowsAsync<DuplicateKeyException>(() =>
            database.Writes.RunAsync((db, _) => { db.CatalogEntries.Add(TestDatabase.Entry(sourceId, "same")); return Task.CompletedTask; }, ct));
        Assert.Contains("UNIQUE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ForeignKeyViolation_ThrowsConstraintViolationAndWritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync();
        var missingSource = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<ConstraintViolationException>(() =>
            database.Writes.RunAsync((db, _) => { db.CatalogEntries.Add(TestDatabase.Entry(missingSource, "orphan")); return Task.CompletedTask; }, ct));

        Assert.Contains("FOREIGN KEY", error.Message, StringComparison.Ordinal);
        await using var check = await database.Contexts.CreateDbContextAsync(ct);
        Assert.False(await check.CatalogEntries.AnyAsync(e => e.SourceId == missingSource, ct));
    }

    [Fact]
    public async Task RunAsync_CancelledWhileWaitingForGate_ThrowsAndWritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync();
        var sourceId = await database.AddSourceAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = database.Writes.RunAsync(async (_, c) => { inside.SetResult(); await release.Task.WaitAsync(c); }, ct);
        await inside.Task.WaitAsync(ct);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => database.Writes.RunAsync((db, _) =>
        {
            db.CatalogEntries.Add(TestDatabase.Entry(sourceId, "cancelled"));
            return Task.CompletedTask;
        }, cancel.Token));

        release.SetResult();
        await holder;
        await using var check = await database.Contexts.CreateDbContextAsync(ct);
        Assert.False(await check.CatalogEntries.AnyAsync(e => e.SourceId == sourceId, ct));
    }

    private static bool SqliteErrorsIsBusy(Exception e) => Marketplace.Storage.Sqlite.SqliteErrors.IsBusy(e);

    /// <summary>Another connection (as another process would) takes and keeps the write lock until disposed.</summary>
    private static async Task<Microsoft.Data.Sqlite.SqliteConnection> HoldWriteLockAsync(string file, CancellationToken ct)
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE;";
        await command.ExecuteNonQueryAsync(ct);
        return connection;
    }
}
