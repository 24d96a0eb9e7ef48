using System.ComponentModel.DataAnnotations;

namespace Marketplace.Data.Caching;

/// <summary>Settings of the <c>Cache</c> configuration section (the blob cache).</summary>
public sealed class CacheOptions
{
    public const string Section = "Cache";

    /// <summary>The cache's own SQLite file; relative paths resolve under the content root.</summary>
    [Required(ErrorMessage = "Cache:Path is required.")]
    public string Path { get; set; } = "data/cache.db";

    /// <summary>Eviction starts when the stored values pass this size (10 GiB by default).</summary>
    [Range(1L, long.MaxValue, ErrorMessage = "Cache:MaxSizeBytes must be at least {1}.")]
    public long MaxSizeBytes { get; set; } = 10L * 1024 * 1024 * 1024;
}
