namespace Marketplace.Workflows.Handlers;

/// <summary><c>gate</c>: a manual approval. The step waits as <c>waiting_for_approval</c> until approved, rejected or timed out.</summary>
internal sealed class GateStageHandler : IStageHandler
{
    public const string TypeName = "gate";

    public string Type => TypeName;

    public IReadOnlyList<string> RequiredInputs => [];

    public Task<StageResult> ExecuteAsync(StageContext context, CancellationToken cancellationToken) =>
        Task.FromResult(StageResult.WaitForApproval);
}
