using System.ComponentModel.DataAnnotations;

namespace Marketplace.Catalog.Sources;

/// <summary><c>Sources:FrontMatter</c>: checked while the YAML is read, before anything is built from it.</summary>
public sealed class FrontMatterLimits
{
    /// <summary>Front matter is a few lines of metadata; real ones are under 4 KiB.</summary>
    [Range(16, 16 << 20, ErrorMessage = "Sources:FrontMatter:MaxBytes must be between {1} and {2}.")]
    public int MaxBytes { get; set; } = 64 << 10;

    [Range(1, 256, ErrorMessage = "Sources:FrontMatter:MaxDepth must be between {1} and {2}.")]
    public int MaxDepth { get; set; } = 16;

    /// <summary>Scalars, mappings and sequences together.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Sources:FrontMatter:MaxNodes must be between {1} and {2}.")]
    public int MaxNodes { get; set; } = 5000;

    /// <summary>References to anchors (<c>*name</c>); none are expanded, but a document full of them is refused.</summary>
    [Range(0, 100_000, ErrorMessage = "Sources:FrontMatter:MaxAliases must be between {1} and {2}.")]
    public int MaxAliases { get; set; } = 100;
}
