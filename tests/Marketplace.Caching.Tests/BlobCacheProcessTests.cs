using Marketplace.Tests;
namespace Marketplace.Caching.Tests;

public sealed class BlobCacheProcessTests
{
    [Fact]
    public async Task Store_FourProcessesIntoOneFile_EveryValuePresentWithItsBytes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fixture = new CacheFixture();
        const int perProcess = 300;
        var tags = Enumerable.Range(0, 4).Select(p => $"proc{p}").ToList();

        var children = tags.Select(tag => WriterProcess.Start("cache", fixture.Options.Path, tag, perProcess.ToString(System.Globalization.CultureInfo.InvariantCulture), "8")).ToList();
        var outputs = children.Select(c => (Out: c.StandardOutput.ReadToEndAsync(ct), Err: c.StandardError.ReadToEndAsync(ct))).ToList();
        await Task.WhenAll(children.Select(c => c.WaitForExitAsync(ct)));

        for (var p = 0; p < children.Count; p++)
        {
            Assert.True(children[p].ExitCode == 0, $"{tags[p]} exited {children[p].ExitCode}: {await outputs[p].Err}");
            Assert.Contains($"{perProcess} values stored", await outputs[p].Out, StringComparison.Ordinal);
            children[p].Dispose();
        }

        var values = fixture.Cache.GetMany(tags.SelectMany(tag => Enumerable.Range(0, perProcess).Select(i => $"{tag}-{i}")));
        Assert.Equal(4 * perProcess, values.Count);
        foreach (var tag in tags)
        {
            for (var i = 0; i < perProcess; i++)
            {
                Assert.Equal(Expected(tag, i), values[$"{tag}-{i}"]);
            }
        }

        Assert.Equal(values.Values.Sum(v => (long)v.Length), fixture.Cache.Stats().TotalBytes);
    }

    /// <summary>The writer process's value for a key (see its Program.cs).</summary>
    private static byte[] Expected(string tag, int index)
    {
        var bytes = new byte[512 + index % 512];
        new Random(index * 7919 + tag.Sum(c => c)).NextBytes(bytes);
        return bytes;
    }
}
