namespace Marketplace.Data.Model;

/// <summary>Outcome of one import batch.</summary>
public enum ImportBatchStatus
{
    Committed,
    Isolated
}
