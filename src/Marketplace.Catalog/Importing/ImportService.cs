using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// Import jobs (DESIGN §5, §5b) as callers see them: <see cref="StartAsync"/> validates everything — the request, its
/// entries, the source folder — before it writes anything, then creates the job pending, with its plan, for any runner
/// to claim (<see cref="ImportJobKind"/>); reads, lists, waits for and streams jobs. Cancel and resume are in
/// <see cref="ImportControl"/>.
/// </summary>
public sealed class ImportService(
    IDbContextFactory<MarketplaceDbContext> contexts,
    IWriteUnitRunner writes,
    ImportSourceTrees trees,
    JobSignals signals,
    IOptions<ImportOptions> options,
    TimeProvider time)
{
    /// <summary>How often a waiter looks at a job run by another process (this process's commits wake it at once).</summary>
    private static readonly TimeSpan WaitPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Creates the import job, pending; a 4xx (<see cref="RequestValidationException"/>, not found) writes nothing.</summary>
    public Task<ImportResult> StartAsync(Guid sourceId, ImportRequest request, CancellationToken cancellationToken) =>
        CreateAsync(sourceId, request, parent: null, cancellationToken);

    /// <summary>
    /// The import of a workflow step (<c>marketplace.import</c>): the step's import when it has one that did not fail or
    /// get cancelled — so a takeover of the step, or its retry after a timeout, waits for the job the first run started —
    /// or a new one.
    /// </summary>
    public async Task<ImportResult> StartForStepAsync(Guid sourceId, ImportRequest request, ImportParent parent,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parent);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await StepImportAsync(db, parent, cancellationToken) is { } existing)
            {
                return await GetAsync(existing, cancellationToken);
            }
        }

        try
        {
            return await CreateAsync(sourceId, request, parent, cancellationToken);
        }
        catch (DuplicateKeyException)
        {
            // Another runner created the step's import between the read and the insert (ux_import_jobs_live_child).
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await GetAsync(await StepImportAsync(db, parent, cancellationToken) ?? throw new InvalidOperationException(
                $"The import of step {parent.StageId} of execution {parent.ExecutionId} was refused as a duplicate but is not there."),
                cancellationToken);
        }
    }

    public Task<ImportResult> GetAsync(Guid importId, CancellationToken cancellationToken) =>
        ImportResultReader.ReadAsync(contexts, time, importId, cancellationToken);

    /// <summary>A page of import jobs, newest first, optionally of one source and in one status (400 for an unknown status).</summary>
    public Task<(IReadOnlyList<ImportSummary> Items, int Total)> ListAsync(ImportQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ImportResultReader.ListAsync(contexts, time, query, cancellationToken);
    }

    /// <summary>
    /// The job once it has finished, or as it stands after <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/>:
    /// until <paramref name="cancellationToken"/>). It may run in any process: this one's commits wake the wait, others'
    /// are seen by polling.
    /// </summary>
    public async Task<ImportResult> WaitAsync(Guid importId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = timeout == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(timeout, time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        while (true)
        {
            using var change = signals.NextEvents(importId); // taken before the read, so no change is missed
            var result = await GetAsync(importId, cancellationToken);
            if (result.IsFinished || deadline.IsCancellationRequested)
            {
                return result;
            }

            await Task.WhenAny(change.Task, Task.Delay(WaitPoll, time, waiting.Token));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Events after <paramref name="after"/> in order, or 404 for an unknown import.</summary>
    public async Task<IReadOnlyList<JobEventInfo>> EventsAsync(Guid importId, long after, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var events = await JobEvents.ReadAsync(db, importId, after, limit, cancellationToken);
        return events.Count == 0 && !await db.ImportJobs.AnyAsync(j => j.Id == importId, cancellationToken)
            ? throw new NotFoundException("Import", importId)
            : events;
    }

    /// <summary>Whether the job has ended, so that no event follows its <c>job_finished</c>; 404 when unknown.</summary>
    public async Task<bool> IsFinishedAsync(Guid importId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var status = await db.ImportJobs.AsNoTracking().Where(j => j.Id == importId).Select(j => (ImportStatus?)j.Status)
            .FirstOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Import", importId);
        return ImportTransitions.IsFinished(status);
    }

    /// <summary>Completes when events of the import are appended in this process; take it before reading, dispose it after.</summary>
    public SignalWait NextEvents(Guid importId) => signals.NextEvents(importId);

    private async Task<ImportResult> CreateAsync(Guid sourceId, ImportRequest request, ImportParent? parent,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (entryIds, strategy, batchSize) = ImportRequestValidator.ValidateShape(request, options.Value);
        ImportJob job;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var source = await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
                ?? throw new NotFoundException("Source", sourceId);
            if (request.Selection is { } selection)
            {
                entryIds = await ImportSelectionResolver.ResolveAsync(db, sourceId, selection, options.Value.MaxEntriesPerRequest,
                    cancellationToken);
            }

            // One JSON parameter, not EF 10's default of one parameter per id: SQLite finds each named parameter by a
            // linear search, so binding 10 000 of them cost 2 s of a 10 000-entry import (bench `bulk`).
            var found = await db.CatalogEntries.AsNoTracking().Where(e => EF.Parameter(entryIds).Contains(e.Id))
                .ToDictionaryAsync(e => e.Id, cancellationToken);
            ImportRequestValidator.ValidateEntries(sourceId, entryIds, found);
            // The last check that can answer 400: the source's folder or checkout, opened as a run will open it. The run
            // opens it again.
            trees.Open(source)?.Dispose();

            var (order, _) = await ImportPlanning.PlanAsync(db, sourceId, [.. entryIds.Select(id => found[id])], cancellationToken);
            var now = time.GetUtcNow();
            job = new ImportJob
            {
                Id = Guid.CreateVersion7(now),
                SourceId = sourceId,
                ConflictStrategy = strategy,
                BatchSize = batchSize,
                EntryIds = [.. order.Select(e => e.Id)],
                TotalCount = order.Count,
                CreatedAt = now,
                ParentExecutionId = parent?.ExecutionId,
                ParentStageId = parent?.StageId,
            };
        }

        await writes.RunAsync(async (db, ct) =>
        {
            db.ImportJobs.Add(job);
            await JobEvents.AppendAsync(db, job.Id, job.CreatedAt, ct, ImportEventData.Created(job));
        }, cancellationToken);
        signals.EventsAppended(job.Id);
        signals.WorkAvailable();
        return await GetAsync(job.Id, cancellationToken);
    }

    /// <summary>The step's latest import, unless it failed or was cancelled (then a retry starts a new one).</summary>
    private static async Task<Guid?> StepImportAsync(MarketplaceDbContext db, ImportParent parent, CancellationToken cancellationToken)
    {
        var latest = await db.ImportJobs.AsNoTracking()
            .Where(j => j.ParentExecutionId == parent.ExecutionId && j.ParentStageId == parent.StageId)
            .OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id)
            .Select(j => new { j.Id, j.Status })
            .FirstOrDefaultAsync(cancellationToken);
        return latest is null || latest.Status is ImportStatus.Failed or ImportStatus.Cancelled ? null : latest.Id;
    }
}
