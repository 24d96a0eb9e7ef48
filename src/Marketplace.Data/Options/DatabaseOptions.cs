using System.ComponentModel.DataAnnotations;

namespace Marketplace.Data.Options;

/// <summary>Settings of the <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = DatabaseProviders.Sqlite;

    public bool IsSqlite => string.Equals(Provider, DatabaseProviders.Sqlite, StringComparison.OrdinalIgnoreCase);

    public bool IsPostgres => string.Equals(Provider, DatabaseProviders.Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>Relative SQLite paths resolve under the content root.</summary>
    [Required(ErrorMessage = "Database:ConnectionString is required.")]
    public string ConnectionString { get; set; } = "Data Source=data/marketplace.db";

    /// <summary>How long SQLite itself waits for a lock, per statement.</summary>
    [Range(1, 600_000, ErrorMessage = "Database:BusyTimeoutMs must be between {1} and {2}.")]
    public int BusyTimeoutMs { get; set; } = 10_000;

    /// <summary>WAL pages before an automatic checkpoint; 0 turns automatic checkpoints off.</summary>
    [Range(0, 10_000_000, ErrorMessage = "Database:WalAutocheckpointPages must be between {1} and {2}.")]
    public int WalAutocheckpointPages { get; set; } = 1000;

    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>ADO.NET command timeout; never lower than the busy timeout (checked at start-up).</summary>
    [Range(1, 3600, ErrorMessage = "Database:CommandTimeoutSeconds must be between {1} and {2}.")]
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>Page cache per connection, in KiB (64 MiB by default).</summary>
    [Range(0, 16 * 1024 * 1024, ErrorMessage = "Database:CacheSizeKiB must be between {1} and {2}.")]
    public int CacheSizeKiB { get; set; } = 65_536;

    /// <summary>Memory-mapped I/O per connection, in bytes (256 MiB by default; 0 turns it off).</summary>
    [Range(0, 1L << 40, ErrorMessage = "Database:MmapSizeBytes must be between {1} and {2}.")]
    public long MmapSizeBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Attempts of a whole write unit before a busy database is reported.</summary>
    [Range(1, 50, ErrorMessage = "Database:WriteRetryAttempts must be between {1} and {2}.")]
    public int WriteRetryAttempts { get; set; } = 4;

    [Range(1, 60_000, ErrorMessage = "Database:WriteRetryInitialDelayMs must be between {1} and {2}.")]
    public int WriteRetryInitialDelayMs { get; set; } = 50;

    [Range(1, 60_000, ErrorMessage = "Database:WriteRetryMaxDelayMs must be between {1} and {2}.")]
    public int WriteRetryMaxDelayMs { get; set; } = 2_000;

    /// <summary>Readiness turns Degraded when the SQLite file's volume has less free space than this (512 MiB; 0: never).</summary>
    [Range(0L, long.MaxValue, ErrorMessage = "Database:MinFreeDiskBytes must be 0 or more.")]
    public long MinFreeDiskBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>
    /// The cross-process write queue of a SQLite file (<see cref="WriteQueueModes"/>): <c>Auto</c> (default) turns it on
    /// for a file database on Linux, <c>On</c> insists, <c>Off</c> leaves writers of different processes to SQLite's busy wait.
    /// </summary>
    public string WriteQueue { get; set; } = WriteQueueModes.Auto;

    /// <summary>Whether writers of different processes queue for this database (see <see cref="WriteQueue"/>).</summary>
    public bool WriteQueueEnabled =>
        (WriteQueueIs(WriteQueueModes.Auto) || WriteQueueIs(WriteQueueModes.On)) && WriteQueueUnavailableReason() is null;

    internal bool WriteQueueIs(string mode) => string.Equals(WriteQueue, mode, StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the queue cannot work here, or null: it locks a file beside a SQLite file, with Linux's file locks.</summary>
    internal string? WriteQueueUnavailableReason() =>
        !IsSqlite ? "it queues writers of a SQLite file and Database:Provider is not Sqlite"
        : !Sqlite.SqliteConnectionStrings.IsFile(ConnectionString) ? "Database:ConnectionString names no database file"
        : !OperatingSystem.IsLinux() ? "it uses Linux file locks and this is not Linux"
        : null;
}
