using Marketplace.Data.WriteUnits;
using Marketplace.Tests;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Data.Tests;

public sealed class MultiProcessWriteTests
{
    [Fact]
    public async Task RunAsync_SecondProcessWritingSameFile_BothFinishWithEveryRow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync();
        var sourceId = await database.AddSourceAsync();
        const int units = 300;

        using var child = WriterProcess.Start(database.FilePath, sourceId.ToString(), "child", units.ToString(System.Globalization.CultureInfo.InvariantCulture), "4");
        var stderr = child.StandardError.ReadToEndAsync(ct);
        var stdout = child.StandardOutput.ReadToEndAsync(ct);
        // This process writes at the same time, through its own write units.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = w; i < units; i += 4)
            {
                var path = $"parent/{i}";
                await database.Writes.RunAsync((db, _) => { db.CatalogEntries.Add(TestDatabase.Entry(sourceId, path)); return Task.CompletedTask; }, ct);
            }
        }, ct)));
        await child.WaitForExitAsync(ct);

        Assert.True(child.ExitCode == 0, $"writer process exited {child.ExitCode}: {await stderr}");
        Assert.Contains("300 units committed", await stdout, StringComparison.Ordinal);
        await using var db = await database.Contexts.CreateDbContextAsync(ct);
        var paths = await db.CatalogEntries.AsNoTracking().Where(e => e.SourceId == sourceId).Select(e => e.Path).ToListAsync(ct);
        Assert.Equal(units, paths.Count(p => p.StartsWith("parent/", StringComparison.Ordinal)));
        Assert.Equal(units, paths.Count(p => p.StartsWith("child/", StringComparison.Ordinal)));
    }
}
