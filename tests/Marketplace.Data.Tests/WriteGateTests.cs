using Marketplace.Data.WriteUnits;

namespace Marketplace.Data.Tests;

public sealed class WriteGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Release_WithBulkQueuedFirst_HandsGateToInteractiveWaiter()
    {
        var gate = new WriteGate();
        await gate.WaitAsync(WriteUnitPriority.Bulk, Ct);
        var bulk1 = gate.WaitAsync(WriteUnitPriority.Bulk, Ct);
        var bulk2 = gate.WaitAsync(WriteUnitPriority.Bulk, Ct);
        var edit = gate.WaitAsync(WriteUnitPriority.Interactive, Ct);

        gate.Release();
        await edit.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.False(bulk1.IsCompleted || bulk2.IsCompleted);

        gate.Release();
        await bulk1.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.False(bulk2.IsCompleted);
        gate.Release();
        await bulk2.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task Release_UnderStreamOfInteractiveWaiters_StillServesBulkEveryEighthTurn()
    {
        var gate = new WriteGate();
        await gate.WaitAsync(WriteUnitPriority.Interactive, Ct);
        List<(string Name, Task Task)> waiters = [("bulk", gate.WaitAsync(WriteUnitPriority.Bulk, Ct))];
        waiters.AddRange(Enumerable.Range(0, 10).Select(i => ($"edit{i}", gate.WaitAsync(WriteUnitPriority.Interactive, Ct))));

        // Each release hands the gate to exactly one waiter; note who.
        var served = new List<string>();
        for (var turn = 0; turn < waiters.Count; turn++)
        {
            gate.Release();
            var pending = waiters.Where(w => !served.Contains(w.Name)).ToList();
            await Task.WhenAny(pending.Select(w => w.Task)).WaitAsync(TimeSpan.FromSeconds(5), Ct);
            served.Add(Assert.Single(pending, w => w.Task.IsCompleted).Name);
        }

        Assert.Equal(WriteGate.BulkTurnEvery - 1, served.IndexOf("bulk"));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"edit{i}"), served.Where(n => n != "bulk")); // FIFO within a priority
    }

    [Fact]
    public async Task WaitAsync_CancelledWhileQueued_LeavesQueueAndNextWaiterGetsGate()
    {
        var gate = new WriteGate();
        await gate.WaitAsync(WriteUnitPriority.Interactive, Ct);
        using var cancel = new CancellationTokenSource();
        var abandoned = gate.WaitAsync(WriteUnitPriority.Interactive, cancel.Token);
        var next = gate.WaitAsync(WriteUnitPriority.Interactive, Ct);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        gate.Release();

        await next.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task YieldAsync_InteractiveWaiting_HandsTheGateOverAndComesBackBeforeOtherBulkWaiters()
    {
        var gate = new WriteGate();
        await gate.WaitAsync(WriteUnitPriority.Bulk, Ct);
        var otherBulk = gate.WaitAsync(WriteUnitPriority.Bulk, Ct);
        var edit = gate.WaitAsync(WriteUnitPriority.Interactive, Ct);
        Assert.True(gate.HasInteractiveWaiter);

        var back = gate.YieldAsync();
        await edit.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.False(gate.HasInteractiveWaiter);
        Assert.False(back.IsCompleted);

        gate.Release();
        await back.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.False(otherBulk.IsCompleted);
        gate.Release();
        await otherBulk.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        gate.Release();
    }
}
