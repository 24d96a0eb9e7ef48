using Marketplace.Tests;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Caching.Tests;

/// <summary>
/// HybridCache (<c>AddHybridCache()</c>) with the blob cache as its L2, as dotnet/extensions' L2 and tag tests use a
/// distributed cache: nodes share values through the file, tag invalidation reaches nodes that did not cause it, and
/// one node runs a factory once however many callers ask at the same time. Each node is its own service provider
/// with its own BlobCache on the shared file; the last test uses a second OS process.
/// </summary>
public sealed class HybridCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetOrCreate_OnASecondNode_IsServedFromTheFileWithoutTheFactory()
    {
        await using var fixture = new CacheFixture();
        await using var first = Node(fixture.Options.Path);
        await using var second = Node(fixture.Options.Path);

        Assert.Equal("v1", await first.Cache.GetOrCreateAsync("k", _ => ValueTask.FromResult("v1"), cancellationToken: Ct));
        // HybridCache hands the caller the value first and writes L2 after, in the background.
        for (var i = 0; i < 500 && fixture.Cache.Stats().Entries == 0; i++)
        {
            await Task.Delay(10, Ct);
        }

        Assert.Equal("v1", await second.Cache.GetOrCreateAsync("k", Unexpected, cancellationToken: Ct));
    }

    [Fact]
    public async Task RemoveByTag_OnOneNode_IsSeenByAThirdNodeThatNeverHadTheValue()
    {
        await using var fixture = new CacheFixture();
        await using var writer = Node(fixture.Options.Path);
        await using var invalidator = Node(fixture.Options.Path);
        await using var third = Node(fixture.Options.Path);
        await writer.Cache.SetAsync("k", "old", tags: ["plugins"], cancellationToken: Ct);

        await invalidator.Cache.RemoveByTagAsync("plugins", Ct);

        Assert.Equal("new", await third.Cache.GetOrCreateAsync("k", _ => ValueTask.FromResult("new"), tags: ["plugins"], cancellationToken: Ct));
    }

    [Fact]
    public async Task GetOrCreate_FiftyConcurrentCallers_RunTheFactoryOnce()
    {
        await using var fixture = new CacheFixture();
        await using var node = Node(fixture.Options.Path);
        var calls = 0;
        using var gate = new SemaphoreSlim(0);

        var callers = Enumerable.Range(0, 50).Select(_ => node.Cache.GetOrCreateAsync("stampede", async token =>
        {
            Interlocked.Increment(ref calls);
            await gate.WaitAsync(token);
            return "once";
        }, cancellationToken: Ct).AsTask()).ToList();
        gate.Release();

        Assert.All(await Task.WhenAll(callers), value => Assert.Equal("once", value));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Values_AcrossTwoProcesses_TravelBothWaysAndATagInvalidationReachesTheOther()
    {
        await using var fixture = new CacheFixture();
        await using var here = Node(fixture.Options.Path);

        Assert.Equal("stored", await RunAsync("hybrid", fixture.Options.Path, "set", "theirs", "from-child", "t"));
        Assert.Equal("from-child", await here.Cache.GetOrCreateAsync("theirs", Unexpected, cancellationToken: Ct));

        await here.Cache.SetAsync("ours", "from-parent", tags: ["t"], cancellationToken: Ct);
        Assert.Equal("from-parent", await RunAsync("hybrid", fixture.Options.Path, "get", "ours"));
        await here.Cache.RemoveByTagAsync("t", Ct);
        Assert.Equal("<miss>", await RunAsync("hybrid", fixture.Options.Path, "get", "ours"));
        Assert.Equal("<miss>", await RunAsync("hybrid", fixture.Options.Path, "get", "theirs"));
    }

    private static ValueTask<string> Unexpected(CancellationToken token) =>
        throw new InvalidOperationException("the factory ran: the value was not found in the blob cache");

    private static async Task<string> RunAsync(params string[] args)
    {
        using var child = WriterProcess.Start(args);
        var output = child.StandardOutput.ReadToEndAsync(Ct);
        var error = child.StandardError.ReadToEndAsync(Ct);
        await child.WaitForExitAsync(Ct);
        Assert.True(child.ExitCode == 0, $"exit {child.ExitCode}: {await error}");
        return (await output).Trim();
    }

    private static HybridNode Node(string file)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<CacheOptions>().Configure(o => o.Path = file);
        services.AddMetrics().AddSingleton(TimeProvider.System).AddSingleton<CacheMetrics>().AddSingleton<BlobCache>();
        services.AddSingleton<Microsoft.Extensions.Caching.Distributed.IDistributedCache>(
            provider => new BlobDistributedCache(provider.GetRequiredService<BlobCache>(), TimeProvider.System));
        services.AddHybridCache();
        return new HybridNode(services.BuildServiceProvider());
    }

    private sealed class HybridNode(ServiceProvider services) : IAsyncDisposable
    {
        public HybridCache Cache { get; } = services.GetRequiredService<HybridCache>();

        public async ValueTask DisposeAsync()
        {
            await services.GetRequiredService<BlobCache>().DisposeAsync();
            await services.DisposeAsync();
        }
    }
}
