namespace Marketplace.Caching;

/// <summary>
/// The cache file's layout (version 2): one row per entry, its value last, so the fixed columns stay in the row's
/// first page and eviction and statistics never read a value's overflow pages. Two indexes: the key (lookups) and
/// the LRU order, covering the size, so eviction finds its victims without reading a row. Counts and the running
/// total live in a one-row table updated once per group commit, so nothing ever sums the sizes.
/// </summary>
/// <remarks>
/// Version 1 kept values in a second table keyed by text (four b-trees per store instead of three); the writer
/// profile in the README shows what that cost. A file of another version is emptied on open: it is only a cache.
/// </remarks>
internal static class CacheSchema
{
    public const int Version = 2;

    /// <summary>Run outside any transaction, before the first table exists.</summary>
    public static readonly string[] FilePragmas =
    [
        // Must precede the first table: a new file then returns freed pages with PRAGMA incremental_vacuum.
        "PRAGMA auto_vacuum = INCREMENTAL",
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = NORMAL",
        // The writer never checkpoints in its commit path; CacheCheckpointer does, on its own connection.
        "PRAGMA wal_autocheckpoint = 0",
    ];

    public static readonly string[] Drop =
    [
        "DROP TABLE IF EXISTS cache_values",
        "DROP TABLE IF EXISTS cache_entries",
        "DROP TABLE IF EXISTS cache_meta",
    ];

    public static readonly string[] Create =
    [
        """
        CREATE TABLE IF NOT EXISTS cache_entries (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            size INTEGER NOT NULL,
            last_accessed INTEGER NOT NULL,
            absolute_expiry INTEGER NULL,
            sliding_ticks INTEGER NULL,
            pinned INTEGER NOT NULL DEFAULT 0,
            value BLOB NOT NULL
        )
        """,
        // One entry per key: a store replaces the value in place (same row id).
        "CREATE UNIQUE INDEX IF NOT EXISTS ux_cache_entries_key ON cache_entries (key)",
        // Victims come from this index, oldest first among the unpinned, with their sizes: no scan, no row read.
        "CREATE INDEX IF NOT EXISTS ix_cache_entries_lru ON cache_entries (pinned, last_accessed, size)",
        """
        CREATE TABLE IF NOT EXISTS cache_meta (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            total_size INTEGER NOT NULL,
            entry_count INTEGER NOT NULL
        )
        """,
        "INSERT OR IGNORE INTO cache_meta (id, total_size, entry_count) VALUES (1, 0, 0)",
        $"PRAGMA user_version = {Version}",
    ];
}
