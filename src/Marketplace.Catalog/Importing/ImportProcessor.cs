using Marketplace.Catalog.Sources.Confinement;
using Marketplace.Data;
using Marketplace.Data.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// Runs one claimed import job from its last checkpoint: the entries of its plan that have no outcome yet, batch by batch
/// (content read before each batch's transaction by <see cref="ImportContentPreparer"/>, committed as one fenced unit by
/// <see cref="ImportBatchCommitter"/>), while a <see cref="LeaseKeeper"/> renews the lease between writes. It stops at
/// once when the job is cancelled (here: a signal; elsewhere: the next fenced write is refused) or taken over; on
/// shutdown it gives the job back; a run that fails backs off (<see cref="ImportJobStore.RunFailedAsync"/>).
/// </summary>
internal sealed class ImportProcessor(
    IDbContextFactory<MarketplaceDbContext> contexts,
    ImportSourceTrees trees,
    ImportContentPreparer content,
    ImportBatchCommitter batches,
    ImportJobStore jobs,
    ImportJobLeases leases,
    LeaseFence fence,
    JobSignals signals,
    IOptions<ImportOptions> options,
    TimeProvider time,
    ILogger<ImportProcessor> logger)
{
    /// <summary>How long the writes that leave a stopped job for the next runner may take.</summary>
    private static readonly TimeSpan WindDownBudget = TimeSpan.FromSeconds(30);

    public async Task RunAsync(Lease lease, CancellationToken stopping)
    {
        await using var keeper = LeaseKeeper.Start(fence, leases, lease, options.Value.LeaseDuration, signals, time, logger, stopping);
        try
        {
            await ImportAsync(lease, keeper, keeper.Token);
        }
        catch (LeaseLostException)
        {
            Log.ImportLeaseLost(logger, lease.JobId); // cancelled, or taken over: what committed stays, nothing more is written
        }
        catch (OperationCanceledException) when (keeper.Lost || keeper.Controlled)
        {
            Log.ImportLeaseLost(logger, lease.JobId);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await WindDownAsync(lease, "release", budget => jobs.ReleaseAsync(lease, budget));
        }
#pragma warning disable CA1031 // one job's unexpected failure must not stop the runner: it backs off, and fails after a few
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.ImportRunFailed(logger, lease.JobId, e);
            await WindDownAsync(lease, "back off", async budget =>
            {
                if (await jobs.RunFailedAsync(lease, e.Message, budget))
                {
                    Log.ImportGaveUp(logger, lease.JobId);
                }
            });
        }
    }

    private async Task ImportAsync(Lease lease, LeaseKeeper keeper, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var job = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == lease.JobId, ct);
        var source = job is null ? null : await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == job.SourceId, ct);
        if (job is null || source is null)
        {
            return; // the source was deleted, and its jobs with it
        }

        SourceTree? tree;
        try
        {
            tree = trees.Open(source);
        }
        catch (RequestValidationException e)
        {
            // No later run reads it differently: the folder is gone, a link, no longer under Sources:AllowedRoots, or the
            // commit's checkout is gone (a new scan and import are needed).
            await jobs.FailAsync(lease, $"The source can no longer be read: {string.Join(" ", e.Errors.SelectMany(x => x.Value))}", ct);
            return;
        }

        using (tree)
        {
            var import = new ImportContext(job.Id, source, job.ConflictStrategy, lease, keeper);
            var done = await db.ImportEntryResults.Where(r => r.ImportJobId == job.Id)
                .Select(r => new { r.CatalogEntryId, r.BatchIndex }).ToListAsync(ct);
            var entries = await db.CatalogEntries.AsNoTracking().Where(e => EF.Parameter(job.EntryIds).Contains(e.Id))
                .ToDictionaryAsync(e => e.Id, ct);
            // The plan was fixed when the job was created (job.EntryIds); only the composites' children are needed again.
            var planned = job.EntryIds.Where(entries.ContainsKey).Select(id => entries[id]).ToList();
            var children = (await ImportPlanning.PlanAsync(db, job.SourceId, planned, ct)).Children;
            var open = job.EntryIds.Except(done.Select(d => d.CatalogEntryId)).ToList();
            var index = done.Count == 0 ? 0 : done.Max(d => d.BatchIndex) + 1;
            await batches.RecordVanishedAsync(import, [.. open.Where(id => !entries.ContainsKey(id))], index, ct);
            // A batch's timings are known only after its commit; they ride along in the next unit, not a unit of their own.
            CommittedBatch? pending = null;
            foreach (var batch in open.Where(entries.ContainsKey).Select(id => entries[id]).Chunk(job.BatchSize))
            {
                var prepared = await content.PrepareAsync(tree, batch, children, ct);
                pending = await batches.CommitBatchAsync(import, index++, prepared, pending, ct);
            }

            await jobs.FinishAsync(import, pending, ct);
        }
    }

    private async Task WindDownAsync(Lease lease, string what, Func<CancellationToken, Task> write)
    {
        using var budget = new CancellationTokenSource(WindDownBudget);
        try
        {
            await write(budget.Token);
        }
        catch (LeaseLostException)
        {
        }
#pragma warning disable CA1031 // best effort while letting go: if it fails, the lease lapses and the next runner recovers
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.ImportWindDownFailed(logger, lease.JobId, what, e);
        }
    }
}
