using System.Diagnostics.Metrics;
using Marketplace.Data.Diagnostics;

namespace Marketplace.Data.Importing;

/// <summary>Import instruments on the <c>Marketplace.Data</c> meter.</summary>
public sealed class ImportMetrics
{
    private readonly Histogram<double> _batchDuration;
    private readonly Histogram<double> _batchLockHold;
    private readonly Counter<long> _entries;

    public ImportMetrics(DataMetrics dataMetrics)
    {
        ArgumentNullException.ThrowIfNull(dataMetrics);
        _batchDuration = dataMetrics.Meter.CreateHistogram<double>("marketplace.import.batch.duration", "ms", "Wall time of one import batch, content reading included.");
        _batchLockHold = dataMetrics.Meter.CreateHistogram<double>("marketplace.import.batch.lock_hold", "ms", "Write-lock hold of one import batch.");
        _entries = dataMetrics.Meter.CreateCounter<long>("marketplace.import.entries", description: "Imported entries by outcome.");
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
