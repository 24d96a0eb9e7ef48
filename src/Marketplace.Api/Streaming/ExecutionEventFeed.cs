using Marketplace.Data.Jobs;
using Marketplace.Workflows.Engine;
using Marketplace.Workflows.Management;

namespace Marketplace.Api.Streaming;

/// <summary>A workflow execution's events: ids are their sequence numbers; the stream ends after completed, failed or cancelled.</summary>
internal sealed class ExecutionEventFeed(Guid executionId, ExecutionService executions) : IEventFeed<ExecutionEventInfo>
{
    public SignalWait NextChange() => executions.NextEvents(executionId);

    public Task<bool> IsFinishedAsync(CancellationToken cancellationToken) => executions.IsFinishedAsync(executionId, cancellationToken);

    public Task<IReadOnlyList<ExecutionEventInfo>> ReadAsync(long after, int limit, CancellationToken cancellationToken) =>
        executions.EventsAsync(executionId, (int)Math.Min(after, int.MaxValue), limit, cancellationToken);

    public long IdOf(ExecutionEventInfo item) => item.Sequence;

    public string TypeOf(ExecutionEventInfo item) => item.Type;

    public bool IsTerminal(ExecutionEventInfo item) => ExecutionEvents.IsTerminal(item.Type);
}
