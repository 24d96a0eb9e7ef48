using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>What happened to one entry.</summary>
public sealed record ImportEntryOutcome(Guid EntryId, int BatchIndex, ImportOutcome Outcome, string? ArtifactKey, Guid? ArtifactId,
    string? Error);
