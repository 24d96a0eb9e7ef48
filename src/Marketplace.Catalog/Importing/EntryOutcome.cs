using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// What one entry of a batch came to: its outcome, the artifact it resolved to, why it was skipped or failed, and the
/// key of the artifact it collided with (skipped or renamed).
/// </summary>
internal sealed record EntryOutcome(ImportOutcome Outcome, Artifact? Artifact, string? Error, string? CollidedWith = null)
{
    public static EntryOutcome Failed(string error) => new(ImportOutcome.Failed, null, error);
}
