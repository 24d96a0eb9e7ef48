namespace Marketplace.Workflows.Handlers;

/// <summary>
/// Runs one stage type. Registered in DI with <c>AddStageHandler&lt;T&gt;()</c> and found by <see cref="Type"/>.
/// A handler may run more than once for one step (retries, a runner that crashed), so it should be idempotent;
/// it must stop when its token is cancelled (pause, cancel, timeout, shutdown).
/// </summary>
public interface IStageHandler
{
    /// <summary>The stage <c>type</c> this handler runs, e.g. <c>marketplace.import</c>.</summary>
    string Type { get; }

    /// <summary>Inputs a stage of this type must declare; checked when a definition is saved.</summary>
    IReadOnlyList<string> RequiredInputs { get; }

    Task<StageResult> ExecuteAsync(StageContext context, CancellationToken cancellationToken);
}
