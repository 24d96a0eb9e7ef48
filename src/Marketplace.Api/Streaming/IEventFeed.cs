using Marketplace.Data.Jobs;

namespace Marketplace.Api.Streaming;

/// <summary>
/// The ordered events of one job (a workflow execution, an import, a scan) as <see cref="EventStream"/> reads
/// them: ids grow by one event to the next, the last event is a terminal one, and the job says when it has ended.
/// </summary>
internal interface IEventFeed<TEvent>
{
    /// <summary>
    /// Its task completes when events may have been appended in this process (other processes are found by polling);
    /// dispose it when done waiting, so a closed stream leaves no waiter behind.
    /// </summary>
    SignalWait NextChange();

    /// <summary>Whether the job has ended, so that no event follows its terminal one.</summary>
    Task<bool> IsFinishedAsync(CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> events after the id <paramref name="after"/>, in order.</summary>
    Task<IReadOnlyList<TEvent>> ReadAsync(long after, int limit, CancellationToken cancellationToken);

    long IdOf(TEvent item);

    string TypeOf(TEvent item);

    bool IsTerminal(TEvent item);
}
