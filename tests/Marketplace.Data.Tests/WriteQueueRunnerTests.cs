using System.Buffers.Binary;
using System.Collections.Concurrent;
using Marketplace.Data.Diagnostics;
using Marketplace.Data.Options;
using Marketplace.Data.Sqlite;
using Marketplace.Data.WriteUnits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Marketplace.Data.Tests;

/// <summary>Write units with the cross-process queue; a second queue on the same file stands for another process.</summary>
public sealed class WriteQueueRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_EditArrivesWhileBatchWaitsInLine_EditTakesTheTurnFirst()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sourceId = await database.AddSourceAsync();
        var runner = database.Services.GetRequiredService<SqliteWriteUnitRunner>();
        using var otherProcess = new SqliteWriteQueue(
            Microsoft.Extensions.Options.Options.Create(new DatabaseOptions { ConnectionString = $"Data Source={database.FilePath}" }),
            new ContentRoot(), database.Services.GetRequiredService<DataMetrics>(), NullLogger<SqliteWriteQueue>.Instance);
        Assert.True(await otherProcess.EnterAsync(Ct));
        var order = new ConcurrentQueue<string>();

        Task<WriteUnitResult<int>> Unit(string path, WriteUnitPriority priority) => runner.ExecuteAsync((db, _) =>
        {
            order.Enqueue(path);
            db.CatalogEntries.Add(TestDatabase.Entry(sourceId, path));
            return Task.FromResult(0);
        }, priority, Ct);

        var batch = Unit("batch", WriteUnitPriority.Bulk);
        await WaitUntilAsync(() => Tickets(database.FilePath) >= 3); // the source's unit, the other process, the batch
        var edit = Unit("edit", WriteUnitPriority.Interactive);
        await WaitUntilAsync(() => runner.Gate.HasInteractiveWaiter); // queued behind the batch, which holds the gate

        otherProcess.Leave();
        await Task.WhenAll(batch, edit);

        Assert.Equal(["edit", "batch"], order);
        Assert.Equal(0, database.Services.GetRequiredService<DataMetrics>().Snapshot().QueueBypasses);
    }

    private static long Tickets(string databaseFile)
    {
        using var file = new FileStream(databaseFile + "-queue", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var counter = new byte[sizeof(long)];
        return file.Read(counter) == counter.Length ? BinaryPrimitives.ReadInt64LittleEndian(counter) : 0;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(10, Ct);
        }
    }
}
