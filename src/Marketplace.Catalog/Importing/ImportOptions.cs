using System.ComponentModel.DataAnnotations;

namespace Marketplace.Catalog.Importing;

/// <summary>Settings of the <c>Import</c> configuration section.</summary>
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

    /// <summary>How long an import's lease lasts without a committed batch before it counts as interrupted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Import:LeaseDuration must be between {1} and {2}.")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);
}
