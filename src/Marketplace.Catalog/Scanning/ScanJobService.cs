using Marketplace.Catalog.Sources;
using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Scanning;

/// <summary>
/// Scan jobs as callers see them: <see cref="StartAsync"/> checks the source (404, or 400 when its folder or file://
/// remote is no longer allowed) before it writes anything and creates the job pending for any runner
/// (<see cref="ScanJobKind"/>); a source that already has a scan waiting or running gets that one back. Reads, waits
/// for and streams jobs.
/// </summary>
public sealed class ScanJobService(
    IDbContextFactory<MarketplaceDbContext> contexts,
    IWriteUnitRunner writes,
    LocalSourcePaths localPaths,
    JobSignals signals,
    TimeProvider time)
{
    private static readonly TimeSpan WaitPoll = TimeSpan.FromMilliseconds(250);

    public async Task<ScanJobInfo> StartAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var source = await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
                ?? throw new NotFoundException("Source", sourceId);
            // Checked now (400), and again by the run: a local folder, or a file:// remote, under Sources:AllowedRoots.
            // A git source's fetch happens in the run: a failure there fails the job with the reason.
            if (source.LocalPath is not null)
            {
                localPaths.Open(source.LocalPath).Dispose();
            }
            else if (RepositoryUrls.LocalPathOf(source.RepoUrl) is { } remotePath)
            {
                localPaths.Resolve(remotePath, "repoUrl");
            }
        }

        var now = time.GetUtcNow();
        var id = await writes.RunAsync(async (db, ct) =>
        {
            var queued = await db.ScanJobs.Where(j => j.SourceId == sourceId
                    && (j.Status == ScanJobStatus.Pending || j.Status == ScanJobStatus.Running))
                .OrderByDescending(j => j.CreatedAt).Select(j => (Guid?)j.Id).FirstOrDefaultAsync(ct);
            if (queued is { } existing)
            {
                return existing;
            }

            var job = new ScanJob { Id = Guid.CreateVersion7(now), SourceId = sourceId, CreatedAt = now };
            db.ScanJobs.Add(job);
            await JobEvents.AppendAsync(db, job.Id, now, ct, ScanEventData.Created(sourceId));
            return job.Id;
        }, cancellationToken);
        signals.EventsAppended(id);
        signals.WorkAvailable();
        return await GetAsync(id, cancellationToken);
    }

    public async Task<ScanJobInfo> GetAsync(Guid scanId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await db.ScanJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == scanId, cancellationToken)
            ?? throw new NotFoundException("Scan", scanId);
        var status = job.Status == ScanJobStatus.Running && job.LeaseExpiresAt < time.GetUtcNow() ? "interrupted" : WireName.Of(job.Status);
        return new ScanJobInfo(job.Id, job.SourceId, status, job.RunFailures, job.LeaseOwner, job.LeaseExpiresAt, job.CreatedAt,
            job.StartedAt, job.FinishedAt, job.Error, ScanResults.Read(job.Result));
    }

    /// <summary>The job once it has finished, or as it stands after <paramref name="timeout"/>.</summary>
    public async Task<ScanJobInfo> WaitAsync(Guid scanId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        while (true)
        {
            using var change = signals.NextEvents(scanId);
            var job = await GetAsync(scanId, cancellationToken);
            if (job.IsFinished || deadline.IsCancellationRequested)
            {
                return job;
            }

            await Task.WhenAny(change.Task, Task.Delay(WaitPoll, time, waiting.Token));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public async Task<IReadOnlyList<JobEventInfo>> EventsAsync(Guid scanId, long after, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var events = await JobEvents.ReadAsync(db, scanId, after, limit, cancellationToken);
        return events.Count == 0 && !await db.ScanJobs.AnyAsync(j => j.Id == scanId, cancellationToken)
            ? throw new NotFoundException("Scan", scanId)
            : events;
    }

    public async Task<bool> IsFinishedAsync(Guid scanId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var status = await db.ScanJobs.AsNoTracking().Where(j => j.Id == scanId).Select(j => (ScanJobStatus?)j.Status)
            .FirstOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Scan", scanId);
        return status is ScanJobStatus.Completed or ScanJobStatus.Failed;
    }

    public SignalWait NextEvents(Guid scanId) => signals.NextEvents(scanId);
}
