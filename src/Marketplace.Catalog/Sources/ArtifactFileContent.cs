namespace Marketplace.Catalog.Sources;

/// <summary>One file of an artifact as read from its source: path relative to the artifact, SHA-256 and bytes.</summary>
public sealed record ArtifactFileContent(string RelativePath, string Sha256, byte[] Bytes);
