using System.Diagnostics.Metrics;

namespace Marketplace.Data.Diagnostics;

/// <summary>
/// The <c>Marketplace.Data</c> meter, plus running figures of the write discipline for the readiness
/// endpoint (which needs current numbers without a metrics backend).
/// </summary>
public sealed class DataMetrics
{
    public const string MeterName = "Marketplace.Data";

    private readonly Histogram<double> _gateWait;
    private readonly Histogram<double> _lockHold;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _queueBypasses;
    private readonly Counter<long> _busyRetries;
    private readonly Counter<long> _units;
    private readonly Counter<long> _busyFailures;
    private long _unitCount;
    private long _retryCount;
    private long _failureCount;
    private long _bypassCount;
    private long _maxQueueWaitTicks;
    private long _maxGateWaitTicks;
    private long _maxLockHoldTicks;
    private long _totalLockHoldTicks;

    public DataMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _gateWait = meter.CreateHistogram<double>("marketplace.db.write_gate.wait", "ms",
            "Time a write unit waited for the in-process write gate.");
        _queueWait = meter.CreateHistogram<double>("marketplace.db.write_queue.wait", "ms",
            "Time a write unit waited in the cross-process SQLite write queue.");
        _queueBypasses = meter.CreateCounter<long>("marketplace.db.write_queue.bypasses",
            description: "Write units that went to SQLite's busy wait without a turn in the write queue.");
        _lockHold = meter.CreateHistogram<double>("marketplace.db.write_lock.hold", "ms",
            "Time a write unit held the database write lock.");
        _busyRetries = meter.CreateCounter<long>("marketplace.db.busy_retries",
            description: "Write units retried after a busy/locked error.");
        _units = meter.CreateCounter<long>("marketplace.db.write_units", description: "Committed write units.");
        _busyFailures = meter.CreateCounter<long>("marketplace.db.busy_failures",
            description: "Write units that stayed busy past their retry budget.");
        Meter = meter;
    }

    /// <summary>The meter other parts of the data layer add their instruments to.</summary>
    public Meter Meter { get; }

    public void RecordCommitted(TimeSpan gateWait, TimeSpan queueWait, TimeSpan lockHold)
    {
        _gateWait.Record(gateWait.TotalMilliseconds);
        _queueWait.Record(queueWait.TotalMilliseconds);
        UpdateMax(ref _maxQueueWaitTicks, queueWait.Ticks);
        _lockHold.Record(lockHold.TotalMilliseconds);
        _units.Add(1);
        Interlocked.Increment(ref _unitCount);
        Interlocked.Add(ref _totalLockHoldTicks, lockHold.Ticks);
        UpdateMax(ref _maxGateWaitTicks, gateWait.Ticks);
        UpdateMax(ref _maxLockHoldTicks, lockHold.Ticks);
    }

    public void RecordBusyRetry()
    {
        _busyRetries.Add(1);
        Interlocked.Increment(ref _retryCount);
    }

    public void RecordQueueBypass()
    {
        _queueBypasses.Add(1);
        Interlocked.Increment(ref _bypassCount);
    }

    public void RecordBusyFailure()
    {
        _busyFailures.Add(1);
        Interlocked.Increment(ref _failureCount);
    }

    public WriteFigures Snapshot()
    {
        var units = Interlocked.Read(ref _unitCount);
        return new WriteFigures(
            units,
            Interlocked.Read(ref _retryCount),
            Interlocked.Read(ref _failureCount),
            TimeSpan.FromTicks(Interlocked.Read(ref _maxGateWaitTicks)).TotalMilliseconds,
            TimeSpan.FromTicks(Interlocked.Read(ref _maxLockHoldTicks)).TotalMilliseconds,
            units == 0 ? 0 : TimeSpan.FromTicks(Interlocked.Read(ref _totalLockHoldTicks) / units).TotalMilliseconds,
            TimeSpan.FromTicks(Interlocked.Read(ref _maxQueueWaitTicks)).TotalMilliseconds,
            Interlocked.Read(ref _bypassCount));
    }

    private static void UpdateMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
