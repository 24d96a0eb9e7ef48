using System.ComponentModel.DataAnnotations;

namespace Marketplace.Workflows.Maintenance;

/// <summary>Settings of the <c>Maintenance</c> configuration section.</summary>
public sealed class MaintenanceOptions
{
    public const string Section = "Maintenance";

    public bool Enabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Maintenance:Interval must be between {1} and {2}.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Checkpoint (and truncate) the WAL once it is larger than this.</summary>
    [Range(1024L, long.MaxValue, ErrorMessage = "Maintenance:WalCheckpointBytes must be at least {1}.")]
    public long WalCheckpointBytes { get; set; } = 64L * 1024 * 1024;

    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Maintenance:OptimizeInterval must be between {1} and {2}.")]
    public TimeSpan OptimizeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Events of finished executions older than this are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00", ErrorMessage = "Maintenance:EventRetention must be between {1} and {2}.")]
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Finished executions (with their steps and events) older than this are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00", ErrorMessage = "Maintenance:ExecutionRetention must be between {1} and {2}.")]
    public TimeSpan ExecutionRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Rows deleted per write unit, so retention never holds the write lock for long.</summary>
    [Range(1, 100_000, ErrorMessage = "Maintenance:DeleteBatchSize must be between {1} and {2}.")]
    public int DeleteBatchSize { get; set; } = 500;
}
