using System.Text.Json.Nodes;
using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// The <c>batch_committed</c> events of batches that committed but whose event never came: a batch's figures ride along
/// in the unit after it (<see cref="ImportBatchCommitter.WriteFiguresAsync"/>), so the last batch before a cancel, a
/// crash or a shutdown has none. A cancel and the next claim append them from the batch rows (with
/// <c>figuresLost</c>: the timings died with the run), so the stream names every committed batch once, in order.
/// </summary>
internal static class UnreportedBatches
{
    public static async Task<NewJobEvent[]> ReadAsync(MarketplaceDbContext db, Guid jobId, CancellationToken ct)
    {
        var last = await db.JobEvents.AsNoTracking().Where(e => e.JobId == jobId && e.Type == JobEvents.BatchCommitted)
            .OrderByDescending(e => e.Sequence).Select(e => e.Data).FirstOrDefaultAsync(ct);
        var reported = last is null ? -1 : JsonNode.Parse(last)?["index"]?.GetValue<int>() ?? -1;
        var rows = await db.ImportBatches.AsNoTracking().Where(b => b.ImportJobId == jobId && b.Index > reported)
            .OrderBy(b => b.Index).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }

        var indexes = rows.Select(r => r.Index).ToList();
        var outcomes = await db.ImportEntryResults.AsNoTracking().Where(r => r.ImportJobId == jobId && indexes.Contains(r.BatchIndex))
            .GroupBy(r => new { r.BatchIndex, r.Outcome }).Select(g => new { g.Key.BatchIndex, g.Key.Outcome, Count = g.Count() })
            .ToListAsync(ct);
        int Count(int index, ImportOutcome outcome) => outcomes.Where(o => o.BatchIndex == index && o.Outcome == outcome).Sum(o => o.Count);
        return [.. rows.Select(row =>
        {
            var figures = new ImportBatchFigures(
                row.Index, row.Size, row.Attempts, row.Status, row.DurationMs, row.LockHoldMs, row.GateWaitMs);
            var batch = ImportEventData.Batch(new CommittedBatch(figures, Count(row.Index, ImportOutcome.Imported),
                Count(row.Index, ImportOutcome.Skipped), Count(row.Index, ImportOutcome.Failed)));
            batch.Data!["figuresLost"] = true;
            return batch;
        })];
    }
}
