using Marketplace.Data;
using Marketplace.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// The database work of one batch, run inside one write unit and set-based: a handful of queries load what the
/// batch touches, conflicts are resolved in memory in entry order (<see cref="ArtifactKeyResolver"/>, so a rename
/// picks <c>name-2</c> after a <c>name-1</c> earlier in the same batch), <see cref="ImportContentWriter"/> writes
/// what the imported entries carry, and <see cref="ImportLedger"/> their results, the batch row and the job's
/// counters. A constraint violation fails the whole unit, which is what lets the caller isolate the bad entry. The
/// unit may run more than once: nothing here leaves the context.
/// </summary>
internal static class ImportBatchWriter
{
    public static async Task<BatchTally> WriteAsync(
        MarketplaceDbContext db, ImportContext import, int batchIndex, IReadOnlyList<PreparedEntry> entries, ImportBatch? batchRow,
            DateTimeOffset now, CancellationToken ct)
    {
        var ids = entries.Select(p => p.Entry.Id).ToList();
        var catalog = await db.CatalogEntries.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var ns = import.Source.Namespace;
        var keys = catalog.Values.Select(e => ArtifactIdentity.Key(e.ArtifactType, e.Plugin, e.Name, ns)).Distinct().ToList();
        var ownIds = catalog.Values.Where(e => e.ImportedArtifactId != null).Select(e => e.ImportedArtifactId!.Value).ToList();
        var state = new BatchState(await db.Artifacts.Where(a => keys.Contains(a.Key) || ownIds.Contains(a.Id)).ToListAsync(ct));

        var tally = new BatchTally();
        var imported = new List<(PreparedEntry Prepared, CatalogEntry Entry, Artifact Artifact)>();
        foreach (var prepared in entries)
        {
            var outcome = !catalog.TryGetValue(prepared.Entry.Id, out var entry)
                ? EntryOutcome.Failed("The catalog entry no longer exists.")
                : prepared.ContentError is { } error
                    ? ImportLedger.MarkFailed(entry, import.JobId, error, now)
                    : await ArtifactKeyResolver.ResolveAsync(
                        state, entry, import.Strategy, ns, prefix => KeysStartingWithAsync(db, prefix, ct), now);
            if (outcome.Outcome == ImportOutcome.Imported)
            {
                imported.Add((prepared, entry!, outcome.Artifact!));
            }

            state.Inserts.Results.Add(ImportLedger.Result(import, batchIndex, prepared.Entry.Id, outcome, now));
            tally.Add(prepared.Entry.Id, outcome);
        }

        await ImportContentWriter.WriteAsync(db, import, state, imported, now, ct);
        if (batchRow is not null)
        {
            state.Inserts.Batches.Add(batchRow);
        }

        await ImportLedger.AddToJobAsync(db, import, tally, ct);
        await state.Inserts.FlushAsync(db, ct);
        await ImportLedger.MarkImportedAsync(db, import.JobId, [.. imported.Select(i => i.Entry.Id)], now, ct);
        await ImportLedger.MarkSkippedAsync(db, import.JobId, [.. state.Inserts.Results.Where(r => r.Outcome == ImportOutcome.Skipped)
            .Select(r => r.CatalogEntryId)], ct);
        return tally;
    }

    private static async Task<IReadOnlySet<string>> KeysStartingWithAsync(MarketplaceDbContext db, string prefix, CancellationToken ct) =>
        (await db.Artifacts.Where(a => a.Key.StartsWith(prefix)).Select(a => a.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
}
