namespace Marketplace.Caching;

/// <summary>
/// The cache file's tables. Values live in their own table so eviction and statistics, which read
/// <c>cache_entries</c> only, never touch a blob; the running total lives in a one-row table updated in the same
/// transaction as every change, so nothing ever sums the sizes.
/// </summary>
internal static class CacheSchema
{
    public static readonly string[] Create =
    [
        // Must precede the first table: a new file then returns freed pages with PRAGMA incremental_vacuum.
        "PRAGMA auto_vacuum = INCREMENTAL",
        "PRAGMA journal_mode = WAL",
        """
        CREATE TABLE IF NOT EXISTS cache_entries (
            key TEXT NOT NULL PRIMARY KEY,
            size INTEGER NOT NULL,
            last_accessed INTEGER NOT NULL,
            absolute_expiry INTEGER NULL,
            sliding_ticks INTEGER NULL,
            pinned INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID
        """,
        // Victims come from this index, oldest first among the unpinned: no scan, no blob read.
        "CREATE INDEX IF NOT EXISTS ix_cache_entries_lru ON cache_entries (pinned, last_accessed)",
        "CREATE TABLE IF NOT EXISTS cache_values (key TEXT NOT NULL PRIMARY KEY, value BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS cache_meta (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), total_size INTEGER NOT NULL)",
        "INSERT OR IGNORE INTO cache_meta (id, total_size) VALUES (1, 0)",
    ];
}
