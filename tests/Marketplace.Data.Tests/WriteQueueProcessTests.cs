using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Marketplace.Data.Diagnostics;
using Marketplace.Data.WriteUnits;
using Marketplace.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Data.Tests;

/// <summary>The cross-process write queue between real OS processes on one SQLite file.</summary>
public sealed partial class WriteQueueProcessTests
{
    private const int Writers = 4;
    private const string HoldMs = "10"; // each unit keeps the lock a while, so the lock hold outweighs scheduling noise


    // Long enough that no writer gives up on its turn during a test: a writer that went without one shows as a bypass.
    private static readonly Dictionary<string, string> Patient = new() { ["Database__BusyTimeoutMs"] = "120000", ["Database__CommandTimeoutSeconds"] = "130" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_ThreeProcessesWriting_NoUnitOvertakenBeyondTheQueueBoundAndEveryRowPresent()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sourceId = await database.AddSourceAsync();
        const int processes = 3, units = 100;

        var children = Enumerable.Range(0, processes)
            .Select(p => Start(Patient, database.FilePath, sourceId.ToString(), $"p{p}", units.ToString(CultureInfo.InvariantCulture), Writers.ToString(CultureInfo.InvariantCulture), HoldMs))
            .ToList();
        var results = await Task.WhenAll(children.Select(FinishAsync));

        // In line, a unit waits for the units ahead of it at its own process's gate (at most Writers - 1, each waiting for
        // one unit of every other process) and then for one unit of every other process: Writers × processes - 1 in all.
        // Twice that leaves room for the commits between a unit's arrival read and its arrival at the gate (measured on a
        // 2-core machine at load 16 to 19: 11 to 12 with the queue; 63 to 176 with Database:WriteQueue=Off, writers
        // sleeping in SQLite's busy handler while the others go).
        const int bound = 2 * Writers * processes;
        foreach (var (output, p) in results.Select((r, p) => (r, p)))
        {
            Assert.Contains($"p{p}: {units} units committed", output, StringComparison.Ordinal);
            var figures = Figures(output);
            Assert.True(figures.Overtaken <= bound, $"p{p}: a unit was overtaken by {figures.Overtaken} units (bound {bound})\n{output}");
            Assert.Equal((0, 0), (figures.Bypasses, figures.Retries));
        }

        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        var paths = await db.CatalogEntries.AsNoTracking().Where(e => e.SourceId == sourceId).Select(e => e.Path).ToListAsync(Ct);
        for (var p = 0; p < processes; p++)
        {
            Assert.Equal(units, paths.Count(path => path.StartsWith($"p{p}/", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task RunAsync_HolderOfTheTurnKilled_WaitingWritersGoOnInLine()
    {
        await using var database = await TestDatabase.CreateAsync(Patient.ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value));
        var sourceId = await database.AddSourceAsync(); // ticket 0
        using var holder = Start(Patient, "hold", database.FilePath, sourceId.ToString(), "holder");
        while (await holder.StandardOutput.ReadLineAsync(Ct) is { } line && line != "holding")
        {
            // log lines; "holding" means ticket 1 has its turn, SQLite's write lock and a row written
        }

        Assert.False(holder.HasExited);

        // Two writers line up behind it: one in this process, one in another.
        var here = database.Writes.ExecuteAsync((db, _) => { db.CatalogEntries.Add(TestDatabase.Entry(sourceId, "here")); return Task.FromResult(0); }, Ct);
        using var other = Start(Patient, database.FilePath, sourceId.ToString(), "other", "50", "2");
        await WaitForTicketsAsync(database.FilePath + "-queue", 4);
        Assert.False(here.IsCompleted);

        holder.Kill();
        await holder.WaitForExitAsync(Ct);

        var result = await here; // a holder that never left would keep it waiting 120 s and then show as a bypass
        var output = await FinishAsync(other);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(0, database.Services.GetRequiredService<DataMetrics>().Snapshot().QueueBypasses);
        Assert.Equal((0, 0), (Figures(output).Bypasses, Figures(output).Retries));
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        var paths = await db.CatalogEntries.AsNoTracking().Where(e => e.SourceId == sourceId).Select(e => e.Path).ToListAsync(Ct);
        Assert.DoesNotContain("holder/held", paths); // rolled back with its process
        Assert.Contains("here", paths);
        Assert.Equal(50, paths.Count(p => p.StartsWith("other/", StringComparison.Ordinal)));
    }

    private static Process Start(Dictionary<string, string> environment, params string[] args) => WriterProcess.Start(environment, args);

    private static async Task<string> FinishAsync(Process child)
    {
        var (stdout, stderr) = (child.StandardOutput.ReadToEndAsync(Ct), child.StandardError.ReadToEndAsync(Ct));
        await child.WaitForExitAsync(Ct);
        Assert.True(child.ExitCode == 0, $"writer process exited {child.ExitCode}: {await stderr}");
        return await stdout;
    }

    /// <summary>Waits until the queue file's ticket counter shows that many tickets drawn (the writers are in line).</summary>
    private static async Task WaitForTicketsAsync(string queueFile, long tickets)
    {
        var counter = new byte[sizeof(long)];
        while (true)
        {
            await using (var file = new FileStream(queueFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                if (await file.ReadAsync(counter, Ct) == counter.Length && BinaryPrimitives.ReadInt64LittleEndian(counter) >= tickets)
                {
                    return;
                }
            }

            await Task.Delay(20, Ct);
        }
    }

    private static (long Overtaken, long Bypasses, long Retries) Figures(string output)
    {
        var match = FiguresLine().Match(output);
        Assert.True(match.Success, output);
        return (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"figures: overtaken (\d+) bypasses (\d+) retries (\d+)")]
    private static partial Regex FiguresLine();
}
