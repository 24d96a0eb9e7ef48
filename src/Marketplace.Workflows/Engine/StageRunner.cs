using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Data.Jobs;
using Marketplace.Workflows.Definitions;
using Marketplace.Workflows.Diagnostics;
using Marketplace.Workflows.Handlers;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// Runs one step: its handler under the stage's timeout, retried with backoff per its error policy (each retry is
/// recorded as a transition), and — for stages marked <c>cache: true</c> — served from or stored into the blob cache
/// keyed by a hash of the stage type and resolved inputs.
/// </summary>
internal sealed class StageRunner(
    StageHandlerRegistry handlers,
    StepTransitions steps,
    IDistributedCache cache,
    TimeProvider time,
    ILogger<StageRunner> logger)
{
    public async Task<StageOutcome> RunAsync(Lease lease, StageDefinition stage, JsonObject inputs, int firstAttempt,
        CancellationToken cancellationToken)
    {
        if (!handlers.TryGet(stage.Type, out var handler))
        {
            return new StageOutcome(StageOutcomeKind.Failed, Error: $"No handler for stage type '{stage.Type}' in this process.");
        }

        var cacheKey = stage.Cache ? CacheKey(stage, inputs) : null;
        if (cacheKey is not null && await cache.GetAsync(cacheKey, cancellationToken) is { } cached)
        {
            return new StageOutcome(StageOutcomeKind.Completed, JsonNode.Parse(cached), FromCache: true);
        }

        for (var attempt = firstAttempt; ; attempt++)
        {
            var (outcome, error) = await AttemptAsync(handler, lease, stage, inputs, attempt, cancellationToken);
            if (outcome is not null)
            {
                if (cacheKey is not null && outcome.Kind == StageOutcomeKind.Completed)
                {
                    await StoreAsync(cacheKey, stage, outcome.Outputs, cancellationToken);
                }

                return outcome;
            }

            Log.StageAttemptFailed(logger, stage.Id, lease.JobId, attempt, error.Message);
            if (attempt >= stage.ErrorPolicy.Retry.MaxAttempts)
            {
                return new StageOutcome(error.TimedOut ? StageOutcomeKind.TimedOut : StageOutcomeKind.Failed, Error: error.Message);
            }

            var delay = stage.ErrorPolicy.Retry.DelayAfter(attempt);
            await steps.RetryAsync(lease, stage.Id, attempt + 1, error.Message, delay, cancellationToken);
            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return new StageOutcome(StageOutcomeKind.Interrupted);
            }
        }
    }

    private async Task<(StageOutcome? Outcome, AttemptError Error)> AttemptAsync(IStageHandler handler, Lease lease,
        StageDefinition stage, JsonObject inputs, int attempt, CancellationToken cancellationToken)
    {
        using var timeout = stage.ErrorPolicy.Timeout is { } limit
            ? new CancellationTokenSource(limit, time)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var context = new StageContext(lease.JobId, stage.Id, attempt, (JsonObject)inputs.DeepClone());
            var result = await handler.ExecuteAsync(context, linked.Token);
            return (new StageOutcome(result.AwaitsApproval ? StageOutcomeKind.AwaitsApproval : StageOutcomeKind.Completed,
                result.Outputs), default);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (new StageOutcome(StageOutcomeKind.Interrupted), default);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return (null, new AttemptError($"Timed out after {stage.ErrorPolicy.Timeout!.Value.TotalMilliseconds:F0} ms.", TimedOut: true));
        }
#pragma warning disable CA1031 // a handler's failure of any kind is the step's failure, handed to its error policy
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (null, new AttemptError(e.Message, TimedOut: false));
        }
    }

    private async Task StoreAsync(string key, StageDefinition stage, JsonNode? outputs, CancellationToken cancellationToken)
    {
        try
        {
            await cache.SetAsync(key, Encoding.UTF8.GetBytes(outputs?.ToJsonString() ?? "null"),
                new DistributedCacheEntryOptions(), cancellationToken);
        }
#pragma warning disable CA1031 // the cache is an optimisation: failing to fill it must not fail the step
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.StageCacheFailed(logger, stage.Id, e);
        }
    }

    private static string CacheKey(StageDefinition stage, JsonObject inputs) =>
        $"stage:{stage.Type}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(inputs.ToJsonString())))}";

    private readonly record struct AttemptError(string Message, bool TimedOut);
}
