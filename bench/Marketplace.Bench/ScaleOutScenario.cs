namespace Marketplace.Bench;

/// <summary>
/// Issue 18's three-process loads on one SQLite file, with the cross-process write queue off (the "before" figures) and
/// on, in the same run: 6 × 300-entry imports beside 6 PATCH loops, and 20 import loops beside 50 PATCH loops for 30 s.
/// Part of the <c>seed</c> scenario.
/// </summary>
internal static class ScaleOutScenario
{
    public static async Task<Report> RunAsync(int runs, bool smoke)
    {
        var burst = smoke ? new SeedWork(3, 20, 0, 3) : new SeedWork(6, 300, 0, 6);
        var sustained = new SeedWork(20, 100, 0, 50, TimeSpan.FromSeconds(30));
        var report = new Report($"seed over 3 processes on one SQLite file, queue off (before) and on (after): {burst.Describe()}; {sustained.Describe()}");
        for (var run = 1; run <= runs; run++)
        {
            foreach (var queue in new[] { false, true })
            {
                report.Rows.Add(Row(await SeedScenario.ProcessesAsync(Config(queue), burst, 3, queue, smoke), "burst", run));
            }
        }

        if (!smoke)
        {
            // 30 s each, once: a long load, whose percentiles come from thousands of requests anyway.
            foreach (var queue in new[] { false, true })
            {
                report.Rows.Add(Row(await SeedScenario.ProcessesAsync(Config(queue), sustained, 3, queue, smoke), "sustained", 1));
            }
        }

        foreach (var load in new[] { "burst", "sustained" })
        {
            foreach (var queue in new[] { false, true })
            {
                var rows = report.Rows.Where(r => (string)r["load"] == load && (string)r["config"] == Config(queue)).ToList();
                if (rows.Count == 0)
                {
                    continue;
                }

                foreach (var figure in new[] { "patchP99Ms", "patchMaxMs", "lockP99Ms", "importP99Ms" })
                {
                    report.Summary[$"{load}, {Config(queue)}: median {figure}"] = Stats.Median([.. rows.Select(r => (double)r[figure])]);
                }

                report.Summary[$"{load}, {Config(queue)}: errors (all runs)"] = rows.Sum(r => (int)r["errors"]);
            }
        }

        return report;
    }

    private static string Config(bool queue) => queue ? SeedScenario.ThreeProcesses : SeedScenario.ThreeProcessesQueueOff;

    private static Dictionary<string, object> Row(Dictionary<string, object> figures, string load, int run)
    {
        var row = new Dictionary<string, object> { ["load"] = load };
        foreach (var (key, value) in figures)
        {
            row[key] = value;
        }

        row["run"] = run;
        return row;
    }
}
