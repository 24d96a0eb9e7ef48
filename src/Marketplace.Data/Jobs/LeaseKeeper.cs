using Microsoft.Extensions.Logging;

namespace Marketplace.Data.Jobs;

/// <summary>
/// Keeps a job's lease while work with no loop of its own runs (an import's batch being read, a scan's fetch): renews it
/// through <see cref="LeaseFence"/> whenever the <see cref="Heartbeat"/> is due — the work's own fenced writes count, via
/// <see cref="Renewed"/> — and cancels <see cref="Token"/> when the lease is lost (taken over, or the job cancelled in
/// another process) or a control change for the job is signalled in this process (<see cref="JobSignals"/>).
/// </summary>
public sealed class LeaseKeeper : IAsyncDisposable
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMilliseconds(500);
    private readonly CancellationTokenSource _work;
    private readonly CancellationTokenSource _stop = new();
    private readonly Heartbeat _heartbeat;
    private Task _loop = Task.CompletedTask;

    private LeaseKeeper(TimeSpan duration, TimeProvider time, CancellationToken stopping)
    {
        _work = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _heartbeat = new Heartbeat(Heartbeat.IntervalOf(duration), time);
    }

    /// <summary>Cancelled when the runner stops, the lease is lost or the job is controlled: the work's token.</summary>
    public CancellationToken Token => _work.Token;

    /// <summary>The lease was lost: another runner holds the job, or it is no longer running (cancelled elsewhere).</summary>
    public bool Lost { get; private set; }

    /// <summary>A control change (a cancel) for the job was signalled in this process.</summary>
    public bool Controlled { get; private set; }

    /// <summary>Starts keeping <paramref name="lease"/> of <paramref name="jobs"/> until disposed.</summary>
    public static LeaseKeeper Start(LeaseFence fence, ILeasedJobs jobs, Lease lease, TimeSpan duration, JobSignals signals,
        TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(fence);
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(lease);
        var keeper = new LeaseKeeper(duration, time, stopping);
        keeper._loop = Task.Run(() => keeper.KeepAsync(fence, jobs, lease, duration, signals, time, logger), CancellationToken.None);
        return keeper;
    }

    /// <summary>A fenced write of the work renewed the lease: the next heartbeat is a third of the lease from now.</summary>
    public void Renewed() => _heartbeat.Renewed();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _work.Dispose();
    }

    private async Task KeepAsync(LeaseFence fence, ILeasedJobs jobs, Lease lease, TimeSpan duration, JobSignals signals,
        TimeProvider time, ILogger logger)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, _work.Token);
        while (!ended.IsCancellationRequested)
        {
            using var control = signals.NextControl(lease.JobId);
            var wait = _heartbeat.Left;
            await Task.WhenAny(control.Task, Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, ended.Token));
            if (ended.IsCancellationRequested)
            {
                return;
            }

            if (control.Task.IsCompleted)
            {
                Controlled = true;
                await _work.CancelAsync();
                return;
            }

            if (!_heartbeat.Due)
            {
                continue;
            }

            try
            {
                await fence.RenewAsync(jobs, lease, LeaseUse.Work, duration, ended.Token);
                _heartbeat.Renewed();
            }
            catch (LeaseLostException)
            {
                Lost = true;
                await _work.CancelAsync();
                return;
            }
            catch (OperationCanceledException) when (ended.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a renewal that fails (a busy or full database) is tried again; the lease lapses if none succeeds
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.LeaseRenewalFailed(logger, lease.JobId, e);
                await Task.WhenAny(Task.Delay(RetryAfterFailure, time, ended.Token));
            }
        }
    }
}
