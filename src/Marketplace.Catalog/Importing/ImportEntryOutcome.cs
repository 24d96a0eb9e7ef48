using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>What happened to one entry; <see cref="CollidedWith"/> names the artifact a skipped or renamed entry met.</summary>
public sealed record ImportEntryOutcome(Guid EntryId, int BatchIndex, ImportOutcome Outcome, string? ArtifactKey, Guid? ArtifactId,
    string? Error, string? CollidedWith = null);
