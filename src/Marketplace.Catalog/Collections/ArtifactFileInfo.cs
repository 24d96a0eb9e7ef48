namespace Marketplace.Catalog.Collections;

/// <summary>A file of an artifact (its content is stored once per SHA-256).</summary>
public sealed record ArtifactFileInfo(string Path, long Size, string Sha256);
