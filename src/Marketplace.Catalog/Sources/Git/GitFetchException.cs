namespace Marketplace.Catalog.Sources.Git;

/// <summary>A fetch or checkout failed: an unknown ref, a remote that is not a repository or cannot be reached, a limit.</summary>
public sealed class GitFetchException(string message, Exception? innerException = null) : Exception(message, innerException);
