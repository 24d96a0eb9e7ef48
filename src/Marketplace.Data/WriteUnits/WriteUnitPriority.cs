namespace Marketplace.Data.WriteUnits;

/// <summary>Where a write unit queues at the in-process write gate.</summary>
public enum WriteUnitPriority
{
    /// <summary>Short units a person waits for (a catalog edit, a registration): served first.</summary>
    Interactive,

    /// <summary>Units of long-running work (import batches): served after interactive ones, never starved.</summary>
    Bulk,
}
