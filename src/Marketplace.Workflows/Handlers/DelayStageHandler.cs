using System.Text.Json.Nodes;
using Marketplace.Workflows.Definitions;

namespace Marketplace.Workflows.Handlers;

/// <summary><c>delay</c>: waits <c>inputs.duration</c> (e.g. <c>100ms</c>), on the engine's <see cref="TimeProvider"/>.</summary>
internal sealed class DelayStageHandler(TimeProvider time) : IStageHandler
{
    public string Type => "delay";

    public IReadOnlyList<string> RequiredInputs => ["duration"];

    public async Task<StageResult> ExecuteAsync(StageContext context, CancellationToken cancellationToken)
    {
        var text = context.RequiredText("duration");
        if (!Durations.TryParse(text, Durations.MaxTimer, out var duration))
        {
            throw new StageInputException(context.StageId, "duration",
                $"a duration such as 500ms or 2s (at most {Durations.MaxTimer.TotalDays:0}d)");
        }

        await Task.Delay(duration, time, cancellationToken);
        return StageResult.Completed(new JsonObject { ["waitedMs"] = duration.TotalMilliseconds });
    }
}
