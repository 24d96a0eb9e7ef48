using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources.Manifests;

/// <summary>An artifact a scan located, before its content is read: type, path, the name to fall back on, and its plugin.</summary>
internal sealed record FoundArtifact(ArtifactType Type, string Path, string DefaultName, string? Plugin = null);
