namespace Marketplace.Catalog.Collections;

/// <summary>A composite's member, at its position.</summary>
public sealed record CompositeMemberInfo(int Position, string Key, Guid ArtifactId, string Relationship);
