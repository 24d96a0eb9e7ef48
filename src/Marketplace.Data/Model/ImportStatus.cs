namespace Marketplace.Data.Model;

/// <summary>
/// Overall state of an import job. <see cref="Interrupted"/> is what a running job whose lease lapsed reads as (its
/// runner died; any runner takes it over); rows stored with it by earlier versions are claimed like pending ones.
/// </summary>
public enum ImportStatus
{
    Pending,
    Running,
    Completed,
    Partial,
    Failed,
    Cancelled,
    Interrupted
}
