namespace Marketplace.Catalog.Sources.Git;

/// <summary>A fetched commit checked out into <see cref="Folder"/>, read through a <see cref="Confinement.SourceTree"/> like any
/// local folder.</summary>
public sealed record GitCheckout(string Commit, string Folder);
