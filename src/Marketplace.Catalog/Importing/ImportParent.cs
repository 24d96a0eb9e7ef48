namespace Marketplace.Catalog.Importing;

/// <summary>The workflow step an import belongs to; a takeover of the step finds the step's import by it.</summary>
public sealed record ImportParent(Guid ExecutionId, string StageId);
