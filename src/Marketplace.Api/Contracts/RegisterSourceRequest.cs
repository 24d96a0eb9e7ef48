using Marketplace.Data.Model;

namespace Marketplace.Api.Contracts;

/// <summary>
/// Body of <c>POST /api/v1/marketplace/sources</c>: a git URL (and optional ref: branch, tag or commit; default the remote's
/// HEAD) to fetch, or a local folder (<c>localPath</c>, a development source; the URL then only names it); include/exclude
/// patterns narrow a folder walk.
/// </summary>
public sealed record RegisterSourceRequest(string? RepoUrl, string? Name = null, string? Ref = null, string? LocalPath = null,
    TrustLevel? TrustLevel = null, IReadOnlyList<string>? Include = null, IReadOnlyList<string>? Exclude = null);
