namespace Marketplace.Bench;

/// <summary>
/// The incident scenario over real HTTP (<see cref="SeedWork.Seed"/>): in the bench's own API host (<c>tuned</c>); in
/// one API process of its own and spread over three on one SQLite file, with the cross-process write queue and without
/// it (<c>Database:WriteQueue=Off</c>), each set of processes started and warmed up for the run;
/// through <see cref="NaiveSeed"/>, the old data path; and on a PostgreSQL server started for the bench. Each run prints
/// every row, the summary their medians, the ratios and whether the three-process target is met;
/// <see cref="ScaleOutScenario"/> adds the heavier three-process loads of issue 18, before and after.
/// </summary>
internal static class SeedScenario
{
    public const string OneProcess = "1 process";
    public const string ThreeProcesses = "3 processes";
    public const string ThreeProcessesQueueOff = "3 processes, queue off";

    public static async Task<Report> RunAsync(int runs, bool smoke)
    {
        var perImport = smoke ? 20 : 100;
        var work = SeedWork.Seed(perImport);
        var report = new Report($"seed ({work.Describe()}, batch 10; one API process, three on one SQLite file, naive, PostgreSQL)");
        // SQLite runs WAL with synchronous=NORMAL: a commit is safe from a process crash, not from a power cut. The
        // PostgreSQL server gets the same promise: fsync on, synchronous_commit off.
        await using var postgres = await Marketplace.Tests.Shared.PostgresServer.StartAsync(new Dictionary<string, string> { ["fsync"] = "on", ["synchronous_commit"] = "off" });
        await InProcessAsync("tuned", work, []); // JIT and first-query costs stay out of the figures
        await InProcessAsync("postgres", work, await PostgresSettingsAsync(postgres));
        for (var run = 1; run <= runs; run++)
        {
            report.Rows.Add(Numbered(await InProcessAsync("tuned", work, []), run));
            report.Rows.Add(Numbered(await ProcessesAsync(OneProcess, work, 1, queue: true, smoke), run));
            report.Rows.Add(Numbered(await ProcessesAsync(ThreeProcesses, work, 3, queue: true, smoke), run));
            report.Rows.Add(Numbered(await ProcessesAsync(ThreeProcessesQueueOff, work, 3, queue: false, smoke), run));
            report.Rows.Add(Numbered(await InProcessAsync("postgres", work, await PostgresSettingsAsync(postgres)), run));
            var folder = Directory.CreateTempSubdirectory("marketplace-naive-").FullName;
            try
            {
                report.Rows.Add(Numbered(await new NaiveSeed(folder).RunAsync(perImport), run));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        foreach (var config in new[] { "tuned", OneProcess, ThreeProcesses, ThreeProcessesQueueOff, "naive", "postgres" })
        {
            var rows = report.Rows.Where(r => (string)r["config"] == config).ToList();
            foreach (var figure in new[] { "wallMs", "lockP99Ms", "patchP99Ms" })
            {
                report.Summary[$"{config} median {figure}"] = Stats.Median([.. rows.Select(r => (double)r[figure])]);
            }

            report.Summary[$"{config} errors (all runs)"] = rows.Sum(r => (int)r["errors"]);
        }

        report.Summary["ratio"] = Ratio(report, "naive", "tuned", "wallMs");
        report.Summary["ratio is"] = "naive median wall time / tuned median wall time (the naive wall is short when its imports fail early)";
        report.Summary["postgres / tuned wall"] = Ratio(report, "postgres", "tuned", "wallMs");
        report.Summary["postgres"] = "the tuned service on a local PostgreSQL 15 (fsync on, synchronous_commit off); lock = the write unit's transaction";
        report.Summary["targets (tuned)"] = "0 errors, wall <= 300 ms, lock hold p99 <= 10 ms, PATCH p99 <= 50 ms";
        ThreeProcessTarget(report);
        return report;
    }

    /// <summary>
    /// Issue 18's target for the three-process row, from medians of this run, against the one-process row measured the
    /// same way (an API process started for the run and warmed up by the same work, not the bench's own long-warm host).
    /// </summary>
    private static void ThreeProcessTarget(Report report)
    {
        var patch = Ratio(report, ThreeProcesses, OneProcess, "patchP99Ms");
        var patchOff = Ratio(report, ThreeProcessesQueueOff, OneProcess, "patchP99Ms");
        var lockHold = Ratio(report, ThreeProcesses, OneProcess, "lockP99Ms");
        var lockHoldOff = Ratio(report, ThreeProcesses, ThreeProcessesQueueOff, "lockP99Ms");
        var errors = (int)report.Summary[$"{ThreeProcesses} errors (all runs)"];
        report.Summary["3 processes / 1 process PATCH p99"] = patch;
        report.Summary["3 processes, queue off / 1 process PATCH p99"] = patchOff;
        report.Summary["3 processes / 1 process lock hold p99"] = lockHold;
        report.Summary["3 processes / queue off lock hold p99"] = lockHoldOff;
        report.Summary["target (3 processes)"] = string.Join("; ",
            Part("PATCH p99 <= 3x the 1-process p99", patch <= 3),
            Part("0 errors", errors == 0),
            Part("lock hold p99 no worse than 1 process", lockHold <= 1),
            Part("lock hold p99 no worse than 3 processes without the queue", lockHoldOff <= 1));
    }

    private static string Part(string target, bool met) => $"{target}: {(met ? "met" : "not met")}";

    private static double Ratio(Report report, string config, string baseline, string figure) =>
        (double)report.Summary[$"{config} median {figure}"] / (double)report.Summary[$"{baseline} median {figure}"];

    private static Dictionary<string, object> Numbered(Dictionary<string, object> row, int run)
    {
        row["run"] = run;
        return row;
    }

    /// <summary>The service's settings for a new database of its own on the bench's server.</summary>
    private static async Task<Dictionary<string, string>> PostgresSettingsAsync(Marketplace.Tests.Shared.PostgresServer server) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = await server.CreateDatabaseAsync(),
    };

    private static async Task<Dictionary<string, object>> InProcessAsync(string config, SeedWork work, Dictionary<string, string> settings)
    {
        await using var host = new BenchHost(settings);
        using var client = host.StartClient();
        return await SeedRun.RunAsync(config, work, [client], host.SourcesFolder);
    }

    /// <summary>
    /// The work spread over <paramref name="count"/> API processes on one file, after warm-up runs of the seed's work on
    /// the same processes (a new process is cold: its first requests pay for JIT compilation).
    /// </summary>
    public static async Task<Dictionary<string, object>> ProcessesAsync(string config, SeedWork work, int count, bool queue, bool smoke)
    {
        await using var processes = await ApiProcesses.StartAsync(count, new Dictionary<string, string>
        {
            ["Database:WriteQueue"] = queue ? "On" : "Off",
        });
        for (var warmUp = 0; warmUp < (smoke ? 0 : 2); warmUp++)
        {
            await SeedRun.RunAsync("warm-up", SeedWork.Seed(20), processes.Clients, processes.SourcesFolder, $"warm{warmUp}-");
        }

        return await SeedRun.RunAsync(config, work, processes.Clients, processes.SourcesFolder);
    }

    /// <summary>One run's figures, the same for every configuration.</summary>
    public static Dictionary<string, object> Row(string config, double wallMs, int errors, IReadOnlyCollection<double> lockHolds, IReadOnlyCollection<double> patchLatencies) => new()
    {
        ["config"] = config,
        ["wallMs"] = wallMs,
        ["errors"] = errors,
        ["batches"] = lockHolds.Count,
        ["lockP50Ms"] = Stats.Percentile(lockHolds, 50),
        ["lockP99Ms"] = Stats.Percentile(lockHolds, 99),
        ["lockMaxMs"] = lockHolds.Count == 0 ? 0 : lockHolds.Max(),
        ["patches"] = patchLatencies.Count,
        ["patchP50Ms"] = Stats.Percentile(patchLatencies, 50),
        ["patchP99Ms"] = Stats.Percentile(patchLatencies, 99),
        ["patchMaxMs"] = patchLatencies.Count == 0 ? 0 : patchLatencies.Max(),
    };
}
