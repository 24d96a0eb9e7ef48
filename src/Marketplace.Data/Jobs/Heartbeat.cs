namespace Marketplace.Data.Jobs;

/// <summary>
/// When a held lease is renewed next: every <c>interval</c> (a third of the lease, so two renewals can fail before it
/// lapses). Any fenced write renews the lease, so a runner whose writes are frequent calls <see cref="Renewed"/> after
/// each and rarely needs a write of its own. Safe to use from the work and its <see cref="LeaseKeeper"/> at once.
/// </summary>
public sealed class Heartbeat(TimeSpan interval, TimeProvider time)
{
    private long _nextTicks = (time.GetUtcNow() + interval).UtcTicks;

    /// <summary>The renewal interval for a lease of <paramref name="lease"/>.</summary>
    public static TimeSpan IntervalOf(TimeSpan lease) => lease / 3;

    public bool Due => time.GetUtcNow().UtcTicks >= Volatile.Read(ref _nextTicks);

    /// <summary>How long until the next renewal.</summary>
    public TimeSpan Left => TimeSpan.FromTicks(Volatile.Read(ref _nextTicks) - time.GetUtcNow().UtcTicks);

    public void Renewed() => Volatile.Write(ref _nextTicks, (time.GetUtcNow() + interval).UtcTicks);
}
