namespace Marketplace.Catalog.Sources;

/// <summary>Settings of the <c>Sources</c> configuration section.</summary>
public sealed class SourcesOptions
{
    public const string Section = "Sources";

    /// <summary>Used when configuration names no root (the binder appends to a list, so defaults are applied after binding).</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedRoots = ["samples", "data/sources"];

    /// <summary>Local source paths must lie under one of these (relative ones resolve under the content root).</summary>
    public List<string> AllowedRoots { get; set; } = [];
}
