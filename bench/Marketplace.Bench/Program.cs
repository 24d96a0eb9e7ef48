namespace Marketplace.Bench;

/// <summary>
/// dotnet run -c Release --project bench/Marketplace.Bench --
/// &lt;seed|bulk|scale|multiprocess|cache|cache-scale|marketplace|workflows|all&gt; [--runs N] [--smoke] [--json PATH] [--size-gb N]
/// [--max-rows N]
/// </summary>
internal static class BenchProgram
{
    private const string Usage = """
        dotnet run -c Release --project bench/Marketplace.Bench -- <scenario> [options]
          seed          5 imports x 100 + 4 workflow executions + PATCH loop: in process, 1 and 3 API processes on one
                        SQLite file (queue on and off), the naive data path, PostgreSQL; then the heavier 3-process loads
          bulk          10 000 entries through the import service vs a raw prepared-statement loop
          scale         catalog and collection at 10 k, 100 k and 1 M rows: pages, PATCH, GET artifact, import lock hold, scan
          multiprocess  N processes x M writers on one database and one cache file
          cache         the blob cache vs NeoSmart.Caching.Sqlite
          cache-scale   the blob cache at 1 GB and --size-gb
          marketplace   a generated 500-plugin git marketplace: fetch and scan, rescans, the import of everything
          workflows     1000 executions, then transitions beside imports
          all           every scenario (scale up to 100 k rows, cache-scale 2 GB unless told otherwise)
        options: --runs N (default 5, 1 with --smoke), --smoke (tiny sizes, no warm-ups), --json PATH,
                 --size-gb N (cache-scale), --max-rows N (scale: the largest size to run)
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return 0;
        }

        if (args is ["multiprocess-child", ..])
        {
            return await MultiprocessChild.RunAsync(args);
        }

        if (args is ["seed-api", .. var settings])
        {
            return await ApiProcesses.ChildAsync(settings);
        }

        var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
        var smoke = args.Contains("--smoke");
        var runs = Option(args, "--runs") is { } r ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : smoke ? 1 : 5;
        var json = Option(args, "--json");

        var reports = new List<Report>();
        if (scenario is "seed" or "all")
        {
            reports.Add(await SeedScenario.RunAsync(runs, smoke));
            reports.Add(await ScaleOutScenario.RunAsync(runs, smoke));
        }

        if (scenario is "bulk" or "all")
        {
            reports.Add(await BulkScenario.RunAsync(runs, smoke));
        }

        if (scenario is "scale" or "all")
        {
            var maxRows = Option(args, "--max-rows") is { } m ? int.Parse(m, System.Globalization.CultureInfo.InvariantCulture)
                : scenario == "all" ? 100_000 : (int?)null;
            reports.Add(await ScaleScenario.RunAsync(smoke, maxRows));
        }

        if (scenario is "cache" or "all")
        {
            // At most 3: each run fills a 1 GB and a 10 GB cache file for the eviction figures.
            reports.Add(await CacheScenario.RunAsync(smoke ? 1 : Math.Min(runs, 3), smoke));
        }

        if (scenario is "cache-scale" or "all")
        {
            // By hand: cache-scale --size-gb 20 (1 GB beside it); "all" fills 2 GB unless told otherwise.
            var sizeGb = Option(args, "--size-gb") is { } gb ? double.Parse(gb, System.Globalization.CultureInfo.InvariantCulture)
                : scenario == "all" ? 2 : 20;
            reports.Add(await CacheScaleScenario.RunAsync(sizeGb, smoke));
        }

        if (scenario is "multiprocess" or "all")
        {
            reports.Add(await MultiprocessScenario.RunAsync(runs, smoke));
        }

        if (scenario is "marketplace" or "all")
        {
            // At most 3: each run fetches, scans and imports a 500-plugin marketplace and repeats the bulk service run.
            reports.Add(await MarketplaceScenario.RunAsync(smoke ? 1 : Math.Min(runs, 3), smoke));
        }

        if (scenario is "workflows" or "all")
        {
            reports.Add(await WorkflowsScenario.RunAsync(runs, smoke));
        }

        if (reports.Count == 0)
        {
            Console.Error.WriteLine(
                $"unknown scenario '{scenario}': use seed, bulk, scale, multiprocess, cache, cache-scale, marketplace, workflows or all");
            return 2;
        }

        foreach (var report in reports)
        {
            report.Print();
        }

        if (json is not null)
        {
            Report.WriteJson(json, reports);
        }

        return 0;
    }

    private static string? Option(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}
