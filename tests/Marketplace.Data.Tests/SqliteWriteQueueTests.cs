using System.Diagnostics.Metrics;
using Marketplace.Data.Diagnostics;
using Marketplace.Data.Options;
using Marketplace.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Marketplace.Data.Tests;

/// <summary>
/// The cross-process write queue on a real file. Each <see cref="SqliteWriteQueue"/> opens the file itself, and its locks
/// belong to that open file, so two queues in this process meet exactly as two processes would.
/// </summary>
public sealed class SqliteWriteQueueTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("marketplace-queue-").FullName;
    private readonly List<IDisposable> _owned = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnterAsync_AnotherQueueHoldsTheTurn_WaitsUntilItLeaves()
    {
        var (a, b) = (Queue().Line, Queue().Line);
        Assert.True(await a.EnterAsync(Ct));

        var waiting = b.EnterAsync(Ct);
        await Task.WhenAny(waiting, Task.Delay(200, Ct));
        Assert.False(waiting.IsCompleted);

        a.Leave();
        Assert.True(await waiting.WaitAsync(Patience, Ct));
        b.Leave();
    }

    [Fact]
    public async Task EnterAsync_ThreeQueuesArrivingInTurn_TurnsComeInArrivalOrder()
    {
        var (a, b, c) = (Queue().Line, Queue().Line, Queue().Line);
        Assert.True(await a.EnterAsync(Ct));
        var second = b.EnterAsync(Ct); // each draws its ticket before EnterAsync returns
        var third = c.EnterAsync(Ct);

        for (var round = 0; round < 5; round++)
        {
            a.Leave();
            Assert.True(await second.WaitAsync(Patience, Ct));
            Assert.False(third.IsCompleted);
            var next = a.EnterAsync(Ct); // a comes back: behind c now
            b.Leave();
            Assert.True(await third.WaitAsync(Patience, Ct));
            Assert.False(next.IsCompleted);
            second = b.EnterAsync(Ct);
            c.Leave();
            Assert.True(await next.WaitAsync(Patience, Ct));
            Assert.False(second.IsCompleted);
            third = c.EnterAsync(Ct);
        }

        a.Leave();
        Assert.True(await second.WaitAsync(Patience, Ct));
        b.Leave();
        Assert.True(await third.WaitAsync(Patience, Ct));
        c.Leave();
    }

    [Fact]
    public async Task EnterAsync_HolderClosesTheFileWithoutLeaving_NextGetsTheTurn()
    {
        var holder = Queue().Line;
        var next = Queue().Line;
        Assert.True(await holder.EnterAsync(Ct));
        var waiting = next.EnterAsync(Ct);

        holder.Dispose(); // what the kernel does when the holder's process dies: its locks go with its open file

        Assert.True(await waiting.WaitAsync(Patience, Ct));
        next.Leave();
    }

    [Fact]
    public async Task EnterAsync_TurnLaterThanBusyTimeout_GoesWithoutTurnAndItsTicketStillKeepsOrder()
    {
        var holder = Queue().Line;
        var (impatient, metrics) = Queue(busyTimeoutMs: 100);
        var later = Queue().Line;
        Assert.True(await holder.EnterAsync(Ct));

        Assert.False(await impatient.EnterAsync(Ct)); // waited 100 ms, then goes to SQLite's busy wait without a turn
        Assert.False(await impatient.EnterAsync(Ct)); // its last ticket is still in line: no second wait behind it
        Assert.Equal(2, metrics.Snapshot().QueueBypasses);
        var third = later.EnterAsync(Ct); // drawn after the impatient ticket

        holder.Leave();
        // The impatient queue's thread takes the abandoned ticket's turn and leaves at once; only then does 'later' go.
        Assert.True(await third.WaitAsync(Patience, Ct));
        later.Leave();
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileWaiting_ThrowsAndTheWriterBehindKeepsItsPlace()
    {
        var (holder, cancelled, behind) = (Queue().Line, Queue().Line, Queue().Line);
        Assert.True(await holder.EnterAsync(Ct));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var abandoned = cancelled.EnterAsync(cancel.Token);
        var waiting = behind.EnterAsync(Ct);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await Task.WhenAny(waiting, Task.Delay(200, Ct));
        Assert.False(waiting.IsCompleted); // the cancelled writer's ticket still stands between them

        holder.Leave();
        Assert.True(await waiting.WaitAsync(Patience, Ct));
        behind.Leave();
    }

    [Fact]
    public async Task EnterAsync_AlreadyCancelled_ItsTicketStillWaitsItsTurnBeforeTheNextGoes()
    {
        var (holder, cancelled, behind) = (Queue().Line, Queue().Line, Queue().Line);
        Assert.True(await holder.EnterAsync(Ct));

        // Cancelled at once: the writer gives up before the queue's thread even starts waiting for its ticket.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.EnterAsync(new CancellationToken(canceled: true)));
        var waiting = behind.EnterAsync(Ct);
        await Task.WhenAny(waiting, Task.Delay(200, Ct));
        Assert.False(waiting.IsCompleted);

        holder.Leave();
        Assert.True(await waiting.WaitAsync(Patience, Ct));
        behind.Leave();
    }

    [Fact]
    public async Task Lend_TurnPassedAlongInThisProcess_ServesAtMostMaxUnitsThenTheNextProcessGoes()
    {
        var (a, b) = (Queue().Line, Queue().Line);
        Assert.True(await a.EnterAsync(Ct));
        var waiting = b.EnterAsync(Ct);

        var units = 1;
        while (a.MayPassOn) // young enough: each next holder of a's gate takes the turn over without waiting
        {
            a.Lend();
            Assert.True(await a.EnterAsync(Ct));
            units++;
            Assert.False(waiting.IsCompleted);
        }

        Assert.InRange(units, 1, SqliteWriteQueue.MaxUnitsPerTurn);
        a.Leave();
        Assert.True(await waiting.WaitAsync(Patience, Ct));
        b.Leave();
    }

    [Theory]
    [InlineData("Off", "queue.db")]
    [InlineData("Auto", ":memory:")]
    public async Task EnterAsync_QueueOffOrNoDatabaseFile_NeverHoldsATurn(string mode, string dataSource)
    {
        var queue = Queue(mode: mode, dataSource: dataSource).Line;

        Assert.False(await queue.EnterAsync(Ct));
        Assert.False(File.Exists(Path.Combine(_folder, "queue.db-queue")));
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private (SqliteWriteQueue Line, DataMetrics Metrics) Queue(int busyTimeoutMs = 30_000, string mode = WriteQueueModes.Auto, string dataSource = "queue.db")
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new DataMetrics(services.GetRequiredService<IMeterFactory>());
        var file = dataSource == ":memory:" ? dataSource : Path.Combine(_folder, dataSource);
        var options = new DatabaseOptions { ConnectionString = $"Data Source={file}", BusyTimeoutMs = busyTimeoutMs, WriteQueue = mode };
        var queue = new SqliteWriteQueue(Microsoft.Extensions.Options.Options.Create(options), new ContentRoot(), metrics, NullLogger<SqliteWriteQueue>.Instance);
        _owned.Add(queue);
        _owned.Add(services);
        return (queue, metrics);
    }
}
