using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Marketplace.Workflows.Handlers;

namespace Marketplace.Api.Tests.Workflows;

/// <summary><c>test.flaky</c>: fails its first <c>inputs.failures</c> attempts, then completes with the attempt number.</summary>
internal sealed class FlakyStageHandler : IStageHandler
{
    public string Type => "test.flaky";

    public IReadOnlyList<string> RequiredInputs => ["failures"];

    public Task<StageResult> ExecuteAsync(StageContext context, CancellationToken cancellationToken) =>
        context.Attempt <= context.Inputs["failures"]!.GetValue<int>()
            ? throw new InvalidOperationException($"flaky failure on attempt {context.Attempt}")
            : Task.FromResult(StageResult.Completed(new JsonObject { ["attempt"] = context.Attempt }));
}

/// <summary><c>test.fail</c>: always fails.</summary>
internal sealed class FailStageHandler : IStageHandler
{
    public string Type => "test.fail";

    public IReadOnlyList<string> RequiredInputs => [];

    public Task<StageResult> ExecuteAsync(StageContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("this stage always fails");
}

/// <summary><c>test.block</c>: runs until its token is cancelled, counting starts and cancellations per execution.</summary>
internal sealed class BlockStageHandler : IStageHandler
{
    public ConcurrentDictionary<Guid, int> Started { get; } = new();
    public ConcurrentDictionary<Guid, int> Cancelled { get; } = new();

    public string Type => "test.block";

    public IReadOnlyList<string> RequiredInputs => [];

    public async Task<StageResult> ExecuteAsync(StageContext context, CancellationToken cancellationToken)
    {
        Started.AddOrUpdate(context.ExecutionId, 1, (_, n) => n + 1);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Cancelled.AddOrUpdate(context.ExecutionId, 1, (_, n) => n + 1);
            throw;
        }

        return StageResult.Completed();
    }
}
