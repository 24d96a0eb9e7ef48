namespace Marketplace.Data.Model;

/// <summary>Overall state of an import job; Interrupted marks a job whose process died between batches.</summary>
public enum ImportStatus
{
    Running,
    Completed,
    Partial,
    Failed,
    Interrupted
}
