using Marketplace.Data.Jobs;

namespace Marketplace.Api.Streaming;

/// <summary>
/// An import's or a scan's events: ids are their sequence numbers; the stream ends after <c>job_finished</c>. (A resumed
/// job appends more after it; a client reconnecting with that id reads on, as an EventSource does.)
/// </summary>
internal sealed class JobEventFeed(
    Func<SignalWait> nextChange,
    Func<CancellationToken, Task<bool>> isFinished,
    Func<long, int, CancellationToken, Task<IReadOnlyList<JobEventInfo>>> read) : IEventFeed<JobEventInfo>
{
    public SignalWait NextChange() => nextChange();

    public Task<bool> IsFinishedAsync(CancellationToken cancellationToken) => isFinished(cancellationToken);

    public Task<IReadOnlyList<JobEventInfo>> ReadAsync(long after, int limit, CancellationToken cancellationToken) =>
        read(after, limit, cancellationToken);

    public long IdOf(JobEventInfo item) => item.Id;

    public string TypeOf(JobEventInfo item) => item.Type;

    public bool IsTerminal(JobEventInfo item) => JobEvents.IsTerminal(item.Type);
}
