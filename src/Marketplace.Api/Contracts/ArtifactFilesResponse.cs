using Marketplace.Catalog.Collections;

namespace Marketplace.Api.Contracts;

/// <summary>The files of one artifact.</summary>
public sealed record ArtifactFilesResponse(string Key, IReadOnlyList<ArtifactFileInfo> Files);
