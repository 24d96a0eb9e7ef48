using Marketplace.Data.Model;

namespace Marketplace.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/marketplace/sources</c>.</summary>
public sealed record RegisterSourceRequest(string? RepoUrl, string? Name = null, string? Ref = null, string? LocalPath = null, TrustLevel? TrustLevel = null);
