using Marketplace.Tests;

namespace Marketplace.Caching.Tests;

/// <summary>The synchronous IDistributedCache members block only their caller, never the work they wait for.</summary>
public sealed class SyncSetTests
{
    [Fact]
    public async Task Set_FromEveryThreadOfACappedThreadPool_CompletesBecauseTheWriterNeedsNoPoolThread()
    {
        // Its own process: the pool is capped at 16 threads and all 16 block in Set. A writer that ran on the pool
        // (as it did: 640 Sets from Parallel.For(64) took 12.6 s waiting for thread injection) would never run here.
        var ct = TestContext.Current.CancellationToken;
        await using var fixture = new CacheFixture();
        using var child = WriterProcess.Start("cache-sync", fixture.Options.Path, "640", "16");
        var output = child.StandardOutput.ReadToEndAsync(ct);
        var error = child.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(2)); // a hang detector, not a timing assertion: it takes well under a second
        try
        {
            await child.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail("640 synchronous Sets from a capped thread pool never finished: the writer waits for a pool thread.");
        }

        Assert.True(child.ExitCode == 0, $"exit {child.ExitCode}: {await error}");
        Assert.Contains("640 values stored", await output, StringComparison.Ordinal);
        Assert.Equal(640, fixture.Cache.ExistsMany(Enumerable.Range(0, 640).Select(i => $"sync-{i}")).Count);
    }
}
