using Marketplace.Data.Model;

namespace Marketplace.Catalog.Sources;

/// <summary>A request to register a marketplace source; fields are unchecked until <see cref="SourceService.RegisterAsync"/>.</summary>
public sealed record SourceRegistration(string? RepoUrl, string? Name, string? Ref, string? LocalPath, TrustLevel? TrustLevel);
