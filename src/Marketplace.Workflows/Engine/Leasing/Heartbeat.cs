namespace Marketplace.Workflows.Engine.Leasing;

/// <summary>
/// When a held lease is renewed next: every <c>interval</c> (a third of the lease, so two renewals can fail before it lapses).
/// </summary>
internal sealed class Heartbeat(TimeSpan interval, TimeProvider time)
{
    private DateTimeOffset _next = time.GetUtcNow() + interval;

    public bool Due => time.GetUtcNow() >= _next;

    /// <summary>How long until the next renewal.</summary>
    public TimeSpan Left => _next - time.GetUtcNow();

    public void Renewed() => _next = time.GetUtcNow() + interval;
}
