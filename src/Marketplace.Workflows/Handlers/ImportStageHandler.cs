using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Catalog.Importing;

namespace Marketplace.Workflows.Handlers;

/// <summary>
/// <c>marketplace.import</c>: starts a child import job of <c>inputs.entryIds</c> of <c>inputs.sourceId</c> and waits for
/// it (<c>conflictStrategy</c> defaults to skip). The job is the step's (<see cref="ImportParent"/>): a takeover of the
/// step, or a retry after a timeout, re-attaches to the job the first run started instead of starting another; only a
/// retry after the import failed or was cancelled starts a new one. The job runs on any runner and outlives this wait
/// (a paused or interrupted execution finds it further along). A failed import fails the step; a partial one completes
/// it with the counts in its outputs.
/// </summary>
internal sealed class ImportStageHandler(ImportService imports) : IStageHandler
{
    public string Type => "marketplace.import";

    public IReadOnlyList<string> RequiredInputs => ["sourceId", "entryIds"];

    public async Task<StageResult> ExecuteAsync(StageContext context, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(context.RequiredText("sourceId"), out var sourceId))
        {
            throw new StageInputException(context.StageId, "sourceId", "a source id (uuid)");
        }

        var entryIds = context.Inputs["entryIds"] is JsonArray array && array.All(e => e is JsonValue v
            && v.TryGetValue<string>(out var s) && Guid.TryParse(s, out _))
            ? array.Select(e => Guid.Parse(e!.GetValue<string>())).ToList()
            : throw new StageInputException(context.StageId, "entryIds", "a list of catalog entry ids");
        var strategy = context.Inputs["conflictStrategy"]?.GetValue<string>() ?? "skip";
        int? batchSize = context.Inputs["batchSize"] is JsonValue b && b.TryGetValue<int>(out var size) ? size : null;

        var job = await imports.StartForStepAsync(sourceId, new ImportRequest(entryIds, strategy, batchSize),
            new ImportParent(context.ExecutionId, context.StageId), cancellationToken);
        var result = await imports.WaitAsync(job.Id, Timeout.InfiniteTimeSpan, cancellationToken);
        if (result.Status is "failed" or "cancelled")
        {
            var why = result.Error
                ?? (result.Status == "cancelled" ? "it was cancelled" : $"{result.Failed} of {result.Total} entries failed");
            throw new InvalidOperationException($"Import {result.Id} {result.Status}: {why}.");
        }

        return StageResult.Completed(new JsonObject
        {
            ["importId"] = result.Id.ToString(),
            ["status"] = result.Status,
            ["imported"] = result.Imported,
            ["skipped"] = result.Skipped,
            ["failed"] = result.Failed,
            ["artifactKeys"] = JsonSerializer.SerializeToNode(result.Entries.Where(e => e.ArtifactKey is not null).Select(e =>
                e.ArtifactKey).ToList()),
        });
    }
}
