using System.ComponentModel.DataAnnotations;

namespace Marketplace.Catalog.Sources;

/// <summary><c>Sources:Json</c>: the size and nesting of a JSON document read from a source.</summary>
public sealed class JsonDocumentLimits
{
    /// <summary>A marketplace.json of 268 plugins is about 150 KB.</summary>
    [Range(2, 1 << 30, ErrorMessage = "Sources:Json:MaxBytes must be between {1} and {2}.")]
    public int MaxBytes { get; set; } = 8 << 20;

    [Range(1, 1000, ErrorMessage = "Sources:Json:MaxDepth must be between {1} and {2}.")]
    public int MaxDepth { get; set; } = 64;
}
