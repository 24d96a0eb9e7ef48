using System.Diagnostics.Metrics;

namespace Marketplace.Catalog.Importing;

/// <summary>The <c>Marketplace.Catalog</c> meter: import batches and entries.</summary>
public sealed class ImportMetrics
{
    private readonly Histogram<double> _batchDuration;
    private readonly Histogram<double> _batchLockHold;
    private readonly Counter<long> _entries;

    public const string MeterName = "Marketplace.Catalog";

    public ImportMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _batchDuration = meter.CreateHistogram<double>("marketplace.import.batch.duration", "ms",
            "Wall time of one import batch, content reading included.");
        _batchLockHold = meter.CreateHistogram<double>("marketplace.import.batch.lock_hold", "ms", "Write-lock hold of one import batch.");
        _entries = meter.CreateCounter<long>("marketplace.import.entries", description: "Imported entries by outcome.");
    }

    internal void RecordBatch(TimeSpan duration, TimeSpan lockHold, BatchTally tally)
    {
        _batchDuration.Record(duration.TotalMilliseconds);
        _batchLockHold.Record(lockHold.TotalMilliseconds);
        _entries.Add(tally.Imported, new KeyValuePair<string, object?>("outcome", "imported"));
        _entries.Add(tally.Skipped, new KeyValuePair<string, object?>("outcome", "skipped"));
        _entries.Add(tally.Failed, new KeyValuePair<string, object?>("outcome", "failed"));
    }
}
