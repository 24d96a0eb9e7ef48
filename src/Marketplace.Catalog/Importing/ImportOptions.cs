using System.ComponentModel.DataAnnotations;

namespace Marketplace.Catalog.Importing;

/// <summary>Settings of the <c>Import</c> configuration section (imports, and the leases of import and scan jobs).</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";
    public const int MinBatchSize = 1;
    public const int MaxBatchSize = 1000;

    /// <summary>Entries committed per transaction.</summary>
    [Range(MinBatchSize, MaxBatchSize, ErrorMessage = "Import:BatchSize must be between {1} and {2}.")]
    public int BatchSize { get; set; } = 10;

    /// <summary>Larger import (and catalog upload) requests get 400.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Import:MaxEntriesPerRequest must be between {1} and {2}.")]
    public int MaxEntriesPerRequest { get; set; } = 10_000;

    /// <summary>A batch slower than this logs a warning.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "Import:SlowBatchWarning must be between {1} and {2}.")]
    public TimeSpan SlowBatchWarning { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a runner's claim on an import or scan job lasts without a renewal (every committed batch renews it, and a
    /// heartbeat every third of it); a crashed runner's job is taken over by any runner after it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Import:LeaseDuration must be between {1} and {2}.")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Runs of one import or scan job in a row that may stop on an unexpected error before the job fails with it.</summary>
    [Range(1, 100, ErrorMessage = "Import:MaxRunFailures must be between {1} and {2}.")]
    public int MaxRunFailures { get; set; } = 5;

    /// <summary>
    /// The wait after a job's first failed run; it doubles with each further one, up to <see cref="RunFailureMaxDelay"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "Import:RunFailureDelay must be between {1} and {2}.")]
    public TimeSpan RunFailureDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "Import:RunFailureMaxDelay must be between {1} and {2}.")]
    public TimeSpan RunFailureMaxDelay { get; set; } = TimeSpan.FromMinutes(1);
}
