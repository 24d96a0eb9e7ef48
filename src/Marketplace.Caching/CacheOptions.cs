using System.ComponentModel.DataAnnotations;
using Marketplace.Storage;

namespace Marketplace.Caching;

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

    /// <summary>A single value larger than this is refused (64 MiB by default).</summary>
    [Range(1L, long.MaxValue, ErrorMessage = "Cache:MaxItemBytes must be at least {1}.")]
    public long MaxItemBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How often recorded hits are written (reads never write).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Cache:HitFlushInterval must be between {1} and {2}.")]
    public TimeSpan HitFlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Entries deleted per eviction statement, so lowering the limit never runs an unbounded DELETE.</summary>
    [Range(1, 100_000, ErrorMessage = "Cache:EvictionBatchSize must be between {1} and {2}.")]
    public int EvictionBatchSize { get; set; } = 1000;

    /// <summary>Stores the writer commits in one transaction at most.</summary>
    [Range(1, 100_000, ErrorMessage = "Cache:MaxWritesPerCommit must be between {1} and {2}.")]
    public int MaxWritesPerCommit { get; set; } = 512;

    /// <summary>
    /// A hard cap on the cache file and its WAL together (0: none). Past it a write fails with "database or disk is
    /// full" — as on a full disk — and its caller gets <see cref="StorageUnavailableException"/>; the other writes of
    /// its group still commit. Eviction keeps the data below <see cref="MaxSizeBytes"/>, so set this above it to
    /// leave room for the file's own overhead; <see cref="MaxWalBytes"/> of it is kept for the WAL.
    /// </summary>
    [Range(0L, long.MaxValue, ErrorMessage = "Cache:MaxFileBytes must be 0 or more.")]
    public long MaxFileBytes { get; set; }

    /// <summary>
    /// The WAL's bound: checkpoints run on their own connection whenever the writer has added a few MiB, and past
    /// this size the writer itself checkpoints before its next commit; after each reset the file is truncated to it.
    /// </summary>
    [Range(1L << 20, long.MaxValue, ErrorMessage = "Cache:MaxWalBytes must be at least {1}.")]
    public long MaxWalBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Source file content is cached only while the cache file's volume has more free space than this, so caching
    /// never takes the room the database needs (1 GiB by default; 0 turns the check off).
    /// </summary>
    [Range(0L, long.MaxValue, ErrorMessage = "Cache:MinFreeDiskBytes must be 0 or more.")]
    public long MinFreeDiskBytes { get; set; } = 1L << 30;

    /// <summary>Native busy wait of the cache's connections (another process may be writing the same file).</summary>
    [Range(1, 600_000, ErrorMessage = "Cache:BusyTimeoutMs must be between {1} and {2}.")]
    public int BusyTimeoutMs { get; set; } = 10_000;
}
