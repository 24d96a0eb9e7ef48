using System.Diagnostics;
using System.Security.Cryptography;
using Marketplace.Data;
using Marketplace.Data.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Bench;

/// <summary>
/// The seed scenario on the predecessor's data path, reproduced on purpose (it is not a mode of the product): a new
/// options object and connection for every operation (no pool, no interceptor), the rollback journal
/// (<c>journal_mode=DELETE</c>), no native busy timeout (only Microsoft.Data.Sqlite's own 1 s retry), files read and
/// hashed inside the transaction, and one transaction per import. Background jobs write step rows on their own
/// connections meanwhile. Failures are counted, as the old service's users saw them.
/// </summary>
internal sealed class NaiveSeed(string folder)
{
    private readonly string _file = Path.Combine(folder, "naive.db");

    public async Task<Dictionary<string, object>> RunAsync(int perImport)
    {
        var (sourceIds, editIds) = await SetUpAsync(perImport);
        var errors = 0;
        var lockHolds = new List<double>();
        var patchLatencies = new List<double>();
        using var stop = new CancellationTokenSource();
        var patches = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var started = Stopwatch.GetTimestamp();
                if (!await TryAsync(async () =>
                {
                    await using var db = NewContext();
                    var entry = await db.CatalogEntries.FirstAsync(e => e.Id == editIds[n % editIds.Count]);
                    entry.Description = $"edit {n}";
                    await db.SaveChangesAsync();
                }))
                {
                    Interlocked.Increment(ref errors);
                }

                lock (patchLatencies)
                {
                    patchLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        });

        var clock = Stopwatch.StartNew();
        var jobs = Enumerable.Range(0, 4).Select(j => Task.Run(async () => Interlocked.Add(ref errors, await BackgroundJobAsync())));
        var imports = sourceIds.Select(source => Task.Run(async () =>
        {
            var started = Stopwatch.GetTimestamp();
            if (!await TryAsync(() => ImportAllAsync(source)))
            {
                Interlocked.Increment(ref errors);
            }

            lock (lockHolds)
            {
                lockHolds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        await Task.WhenAll(imports.Concat(jobs));
        var wall = clock.Elapsed.TotalMilliseconds;
        await stop.CancelAsync();
        await patches;
        SqliteConnection.ClearAllPools();
        return SeedScenario.Row("naive", wall, errors, lockHolds, patchLatencies);
    }

    /// <summary>The whole import in one transaction, reading each file while holding the write lock.</summary>
    private async Task ImportAllAsync(Guid sourceId)
    {
        await using var db = NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var entries = await db.CatalogEntries.Where(e => e.SourceId == sourceId).ToListAsync();
        foreach (var entry in entries)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(folder, "naive-sources", entry.Path));
            var now = DateTimeOffset.UtcNow;
            var artifact = new Artifact
            {
                Id = Guid.NewGuid(),
                Key = entry.Key,
                Type = entry.ArtifactType,
                Name = entry.Name,
                ContentHash = Convert.ToHexStringLower(SHA256.HashData(bytes)),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Artifacts.Add(artifact);
            entry.Status = CatalogEntryStatus.Imported;
            entry.ImportedArtifactId = artifact.Id;
            entry.ImportedAt = now;
            await db.SaveChangesAsync(); // one round of statements per entry, all inside the one transaction
        }

        await transaction.CommitAsync();
    }

    /// <summary>A workflow-like job: an execution and three steps, each change on a fresh connection.</summary>
    private async Task<int> BackgroundJobAsync()
    {
        var errors = 0;
        var execution = Guid.NewGuid();
        if (!await TryAsync(async () =>
        {
            await using var db = NewContext();
            db.WorkflowExecutions.Add(new WorkflowExecution { Id = execution, WorkflowName = "naive", WorkflowVersion = "1", DefinitionHash = "-", Definition = "-", Status = ExecutionStatus.Running });
            await db.SaveChangesAsync();
        }))
        {
            return 1;
        }

        foreach (var stage in new[] { "import", "check", "done" })
        {
            foreach (var status in new[] { StepStatus.Running, StepStatus.Completed })
            {
                if (!await TryAsync(async () =>
                {
                    await using var db = NewContext();
                    var step = await db.ExecutionSteps.FirstOrDefaultAsync(s => s.ExecutionId == execution && s.StageId == stage);
                    if (step is null)
                    {
                        db.ExecutionSteps.Add(step = new ExecutionStep { Id = Guid.NewGuid(), ExecutionId = execution, StageId = stage });
                    }

                    step.Status = status;
                    await db.SaveChangesAsync();
                }))
                {
                    errors++;
                }

                await Task.Delay(1);
            }
        }

        return errors;
    }

    private async Task<(List<Guid> Sources, List<Guid> Edits)> SetUpAsync(int perImport)
    {
        await using (var db = NewContext())
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=DELETE");
        }

        var sources = new List<Guid>();
        var edits = new List<Guid>();
        await using var setup = NewContext();
        for (var s = 0; s < 6; s++)
        {
            var source = new MarketplaceSource { Id = Guid.NewGuid(), Name = $"naive{s}", Namespace = $"naive{s}", RepoUrl = $"https://naive.test/{s}", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
            setup.Sources.Add(source);
            for (var i = 0; i < (s < 5 ? perImport : 20); i++)
            {
                var path = $"s{s}/commands/naive-{s}-{i:D4}.md";
                Directory.CreateDirectory(Path.Combine(folder, "naive-sources", $"s{s}", "commands"));
                await File.WriteAllTextAsync(Path.Combine(folder, "naive-sources", path), $"---\nname: naive-{s}-{i:D4}\n---\nDo step {i}.\n");
                var entry = new CatalogEntry { Id = Guid.NewGuid(), SourceId = source.Id, ArtifactType = ArtifactType.Command, Name = $"naive-{s}-{i:D4}", Key = $"command:naive-{s}-{i:D4}@naive{s}", Path = path, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
                setup.CatalogEntries.Add(entry);
                (s < 5 ? null : edits)?.Add(entry.Id);
            }

            if (s < 5)
            {
                sources.Add(source.Id);
            }
        }

        await setup.SaveChangesAsync();
        return (sources, edits);
    }

    // A new options object, hence a new internal service provider lookup and a new unpooled connection, per call.
    private MarketplaceDbContext NewContext() => new(new DbContextOptionsBuilder<MarketplaceDbContext>()
        .UseSqlite($"Data Source={_file};Pooling=False;Default Timeout=1", o => o.MigrationsAssembly(MarketplaceDataServiceCollectionExtensions.SqliteMigrationsAssembly))
        .Options);

    private static async Task<bool> TryAsync(Func<Task> operation)
    {
        try
        {
            await operation();
            return true;
        }
        catch (Exception e) when (e is SqliteException or DbUpdateException or InvalidOperationException)
        {
            return false;
        }
    }
}
