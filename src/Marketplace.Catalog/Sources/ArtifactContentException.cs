namespace Marketplace.Catalog.Sources;

/// <summary>An artifact's files cannot be read: missing, too large, too many, or outside the artifact.</summary>
public sealed class ArtifactContentException(string message, Exception? innerException = null) : Exception(message, innerException);
