using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// A request to register a marketplace source; fields are unchecked until <see cref="SourceService.RegisterAsync"/>. Without a
/// local path the repository URL is fetched; with one, the folder is read as it is (a development source) and the URL only
/// names it. Include and exclude patterns narrow a folder walk.
/// </summary>
public sealed record SourceRegistration(string? RepoUrl, string? Name, string? Ref, string? LocalPath, TrustLevel? TrustLevel,
    IReadOnlyList<string>? Include = null, IReadOnlyList<string>? Exclude = null);
