using Marketplace.Data.Sqlite;

namespace Marketplace.Workflows.Maintenance;

/// <summary>What one maintenance iteration did.</summary>
public sealed record MaintenanceReport(WalCheckpointResult Wal, bool Optimized, int EventsDeleted, int ExecutionsDeleted,
    long CacheFreedPages);
