using System.ComponentModel.DataAnnotations;

namespace Marketplace.Catalog.Sources;

/// <summary>Settings of the <c>Sources</c> configuration section: where sources may be read from, and the limits of reading one.</summary>
public sealed class SourcesOptions
{
    public const string Section = "Sources";

    /// <summary>Used when configuration names no root (the binder appends to a list, so defaults are applied after binding).</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedRoots = ["samples", "data/sources"];

    /// <summary>Local source paths must lie under one of these (relative ones resolve under the content root).</summary>
    public List<string> AllowedRoots { get; set; } = [];

    /// <summary>Larger files are not read. Real skills carry data files of a few MB (an index.json of 3.2 MB was seen).</summary>
    [Range(1, 1L << 30, ErrorMessage = "Sources:MaxFileBytes must be between {1} and {2}.")]
    public long MaxFileBytes { get; set; } = 8L << 20;

    /// <summary>An artifact with more files is refused (a skill of 860 files was seen).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Sources:MaxFilesPerArtifact must be between {1} and {2}.")]
    public int MaxFilesPerArtifact { get; set; } = 5000;

    /// <summary>An artifact larger than this in all is refused; an import batch holds its artifacts in memory.</summary>
    [Range(1, 1L << 34, ErrorMessage = "Sources:MaxBytesPerArtifact must be between {1} and {2}.")]
    public long MaxBytesPerArtifact { get; set; } = 32L << 20;

    /// <summary>A scan that meets more files fails: scan a smaller repository.</summary>
    [Range(1, 10_000_000, ErrorMessage = "Sources:MaxFilesPerScan must be between {1} and {2}.")]
    public int MaxFilesPerScan { get; set; } = 200_000;

    /// <summary>Folders nested deeper below the source root are not walked (a scan warning names them).</summary>
    [Range(1, 1000, ErrorMessage = "Sources:MaxFolderDepth must be between {1} and {2}.")]
    public int MaxFolderDepth { get; set; } = 32;

    /// <summary>Limits of the YAML front matter of Markdown files.</summary>
    public FrontMatterLimits FrontMatter { get; set; } = new();

    /// <summary>Limits of JSON documents in a source (<c>plugin.json</c>, <c>.mcp.json</c>, <c>marketplace.json</c>).</summary>
    public JsonDocumentLimits Json { get; set; } = new();
}
