using System.Diagnostics;
using Marketplace.Catalog.Entries;
using Marketplace.Catalog.Importing;
using Marketplace.Catalog.Sources;
using Marketplace.Data.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Bench;

/// <summary>
/// 10 000 entries in batches of 10 through the import service, beside a raw Microsoft.Data.Sqlite loop with
/// reused prepared commands writing the same rows (artifact, collection row, tag link, catalog update, entry
/// result per entry; a batch row and the job's counters per batch) in the same batch size into a fresh file
/// with the same schema and PRAGMAs.
/// </summary>
internal static class BulkScenario
{
    private const int BatchSize = 10;

    public static async Task<Report> RunAsync(int runs, bool smoke)
    {
        var entries = smoke ? 200 : 10_000;
        var report = new Report($"bulk ({entries} catalog entries, batch {BatchSize}: import service vs raw prepared-statement loop)");
        await RunOnceAsync(Math.Min(entries, 200)); // warm-up
        for (var run = 1; run <= runs; run++)
        {
            var (service, raw) = await RunOnceAsync(entries);
            report.Rows.Add(new Dictionary<string, object>
            {
                ["run"] = run,
                ["serviceRowsPerSec"] = service,
                ["rawRowsPerSec"] = raw,
                ["ratio"] = service / raw,
            });
        }

        report.Summary["median serviceRowsPerSec"] = Stats.Median([.. report.Rows.Select(r => (double)r["serviceRowsPerSec"])]);
        report.Summary["median rawRowsPerSec"] = Stats.Median([.. report.Rows.Select(r => (double)r["rawRowsPerSec"])]);
        report.Summary["median ratio (target >= 0.40)"] = Stats.Median([.. report.Rows.Select(r => (double)r["ratio"])]);
        return report;
    }

    /// <summary>The service half of a run: <paramref name="count"/> uploaded entries imported in batches of 10, in rows/s.</summary>
    internal static async Task<double> ServiceRowsPerSecAsync(int count)
    {
        await using var host = new BenchHost();
        var (sourceId, ids) = await SeedCatalogAsync(host, count);
        var imports = host.Services.GetRequiredService<ImportService>();
        var clock = Stopwatch.StartNew();
        // The job runs on the host's runner; the clock runs from its creation until it has finished.
        var job = await imports.StartAsync(sourceId, new ImportRequest(ids, "skip", BatchSize), CancellationToken.None);
        var result = await imports.WaitAsync(job.Id, Timeout.InfiniteTimeSpan, CancellationToken.None);
        return result.Imported == count ? result.Imported / clock.Elapsed.TotalSeconds
            : throw new InvalidOperationException($"bulk import imported {result.Imported} of {count}");
    }

    private static async Task<(double Service, double Raw)> RunOnceAsync(int count)
    {
        double raw;
        var service = await ServiceRowsPerSecAsync(count);

        await using (var host = new BenchHost())
        {
            var (sourceId, ids) = await SeedCatalogAsync(host, count);
            SqliteConnection.ClearAllPools();
            var clock = Stopwatch.StartNew();
            RawLoop(host.DatabaseFile, sourceId, ids);
            raw = count / clock.Elapsed.TotalSeconds;
        }

        return (service, raw);
    }

    private static async Task<(Guid Source, List<Guid> Ids)> SeedCatalogAsync(BenchHost host, int count)
    {
        using var client = host.StartClient();
        var sources = host.Services.GetRequiredService<SourceService>();
        var source = await sources.RegisterAsync(new SourceRegistration($"https://bench.test/bulk-{Guid.NewGuid():N}", "bulk", null, null, null), CancellationToken.None);
        var catalog = host.Services.GetRequiredService<CatalogService>();
        await catalog.UpsertAsync(source.Id, [.. Enumerable.Range(0, count).Select(i => new CatalogItem(ArtifactType.Command, $"bulk-{i:D5}", $"commands/bulk-{i:D5}.md", $"Command {i}.", "1.0.0", ["bench"]))], CancellationToken.None);
        var (items, _) = await catalog.ListAsync(source.Id, new CatalogQuery(null, null, 0, count), CancellationToken.None);
        return (source.Id, [.. items.Select(e => e.Id)]);
    }

    /// <summary>The same rows the import writes, with nothing but reused prepared commands.</summary>
    private static void RawLoop(string file, Guid sourceId, List<Guid> ids)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using (var pragmas = connection.CreateCommand())
        {
            foreach (var pragma in new[] { "PRAGMA busy_timeout = 10000", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON" })
            {
                pragmas.CommandText = pragma;
                pragmas.ExecuteNonQuery();
            }
        }

        var jobId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow.UtcTicks;
        Execute(connection, null, "INSERT INTO import_jobs (id, source_id, conflict_strategy, batch_size, status, entry_ids, total_count, imported_count, skipped_count, failed_count, run_failures, created_at, started_at) VALUES ($id, $source, 'Skip', 10, 'Running', '[]', $n, 0, 0, 0, 0, $now, $now)",
            ("$id", jobId), ("$source", sourceId), ("$n", ids.Count), ("$now", now));
        long tagId;
        using (var tag = connection.CreateCommand())
        {
            tag.CommandText = "INSERT INTO tags (name) VALUES ('bench') ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id";
            tagId = (long)tag.ExecuteScalar()!;
        }

        using var artifact = Prepare(connection, "INSERT INTO artifacts (id, key, type, name, source_url, content_hash, created_at, updated_at) VALUES ($id, $key, 'Command', $name, $url, NULL, $now, $now)", "$id", "$key", "$name", "$url", "$now");
        using var member = Prepare(connection, "INSERT INTO collection_artifacts (collection_id, artifact_id, description, version, file_count, total_size, origin, added_at, synced_at) VALUES ($c, $a, $d, '1.0.0', 0, 0, $o, $now, $now)", "$c", "$a", "$d", "$o", "$now");
        using var entry = Prepare(connection, "UPDATE catalog_entries SET status = 'Imported', import_id = $job, imported_at = $now, imported_artifact_id = $a, updated_at = $now WHERE id = $id", "$job", "$now", "$a", "$id");
        using var result = Prepare(connection, "INSERT INTO import_entry_results (import_job_id, catalog_entry_id, batch_index, outcome, artifact_key, artifact_id, at) VALUES ($job, $e, $b, 'Imported', $key, $a, $now)", "$job", "$e", "$b", "$key", "$a", "$now");
        using var link = Prepare(connection, "INSERT INTO artifact_tags (artifact_id, tag_id) VALUES ($a, $t)", "$a", "$t");
        using var counters = Prepare(connection, "UPDATE import_jobs SET imported_count = imported_count + $n WHERE id = $job", "$n", "$job");
        using var batch = Prepare(connection, "INSERT INTO import_batches (import_job_id, \"index\", size, attempts, status, duration_ms, lock_hold_ms, gate_wait_ms, committed_at) VALUES ($job, $b, $size, 1, 'Committed', 0, 0, 0, $now)", "$job", "$b", "$size", "$now");
        var index = 0;
        foreach (var chunk in ids.Chunk(BatchSize))
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var command in new[] { artifact, member, link, entry, result, counters, batch })
            {
                command.Transaction = transaction;
            }

            foreach (var id in chunk)
            {
                var artifactId = Guid.NewGuid();
                var name = $"raw-{id:N}";
                Run(artifact, artifactId, $"command:{name}", name, "https://bench.test", now);
                Run(member, Collection.DefaultId, artifactId, "Command.", $"https://bench.test#{name}", now);
                Run(link, artifactId, tagId);
                Run(entry, jobId, now, artifactId, id);
                Run(result, jobId, id, index, $"command:{name}", artifactId, now);
            }

            Run(counters, chunk.Length, jobId);
            Run(batch, jobId, index++, chunk.Length, now);
            transaction.Commit();
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] is Guid g ? g.ToString().ToUpperInvariant() : values[i];
        }

        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value is Guid g ? g.ToString().ToUpperInvariant() : value);
        }

        command.ExecuteNonQuery();
    }
}
