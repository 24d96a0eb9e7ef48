using System.Text.Json.Nodes;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Data.Jobs;

/// <summary>Event types of <c>job_events</c> (imports and scans), appending them inside a write unit, and reading them.</summary>
public static class JobEvents
{
    /// <summary>The job was created (pending): its plan.</summary>
    public const string Created = "job_created";

    /// <summary>A runner claimed it for the first time.</summary>
    public const string Started = "job_started";

    /// <summary>A runner claimed it again: a takeover after a lapsed lease, a shutdown, a back-off or a resume.</summary>
    public const string Claimed = "job_claimed";

    /// <summary>An import batch committed: its size, attempts, duration and lock hold.</summary>
    public const string BatchCommitted = "batch_committed";

    /// <summary>Entries of a batch failed, each with its reason.</summary>
    public const string EntriesFailed = "entries_failed";

    /// <summary>A run stopped on an unexpected error; the job is claimed again after a back-off.</summary>
    public const string RunFailed = "job_run_failed";

    /// <summary>A failed or cancelled job was put back to pending.</summary>
    public const string Resumed = "job_resumed";

    /// <summary>The job ended (completed, partial, failed or cancelled); nothing follows unless it is resumed.</summary>
    public const string Finished = "job_finished";

    public static bool IsTerminal(string type) => type == Finished;

    /// <summary>
    /// Appends events with the next sequence numbers of the job. Call inside a write unit after the job's row was
    /// updated in it (a fenced unit renews it first), so concurrent appenders are serialized by that row; the unique
    /// index is the backstop.
    /// </summary>
    public static async Task AppendAsync(
        MarketplaceDbContext db, Guid jobId, DateTimeOffset at, CancellationToken cancellationToken, params NewJobEvent[] events)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(events);
        // Events appended earlier in this unit are not saved yet: they count too.
        var stored = await db.JobEvents.Where(e => e.JobId == jobId).MaxAsync(e => (int?)e.Sequence, cancellationToken) ?? 0;
        var sequence = db.JobEvents.Local.Where(e => e.JobId == jobId).Select(e => e.Sequence).DefaultIfEmpty(0).Max();
        sequence = Math.Max(sequence, stored);
        foreach (var (type, data) in events)
        {
            db.JobEvents.Add(new JobEvent { JobId = jobId, Sequence = ++sequence, Type = type, Data = data?.ToJsonString(), At = at });
        }
    }

    /// <summary>Up to <paramref name="limit"/> events of the job after the sequence number <paramref name="after"/>, in order.</summary>
    public static async Task<IReadOnlyList<JobEventInfo>> ReadAsync(
        MarketplaceDbContext db, Guid jobId, long after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var from = (int)Math.Min(after, int.MaxValue);
        var events = await db.JobEvents.AsNoTracking().Where(e => e.JobId == jobId && e.Sequence > from).OrderBy(e => e.Sequence)
            .Take(limit).ToListAsync(cancellationToken);
        return [.. events.Select(e => new JobEventInfo(e.Sequence, e.Type, e.Data is null ? null : JsonNode.Parse(e.Data), e.At))];
    }
}
