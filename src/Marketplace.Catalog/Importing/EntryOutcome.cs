using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>What one entry of a batch came to: its outcome, the artifact it resolved to, and why it was skipped or failed.</summary>
internal sealed record EntryOutcome(ImportOutcome Outcome, Artifact? Artifact, string? Error)
{
    public static EntryOutcome Failed(string error) => new(ImportOutcome.Failed, null, error);
}
