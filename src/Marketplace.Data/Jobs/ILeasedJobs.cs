namespace Marketplace.Data.Jobs;

/// <summary>
/// A table of leased jobs: the only part of claiming, fencing and heartbeats that knows which table and which states.
/// Everything else in <c>Jobs/</c> is the same for any job kind (workflow executions, imports, scans). Each method is
/// one conditional statement inside the caller's write unit — no in-process locks — so any number of runner processes
/// share one database.
/// </summary>
public interface ILeasedJobs
{
    /// <summary>
    /// Whether any job but <paramref name="except"/> is claimable at <paramref name="now"/> (a plain read: idle polling
    /// takes no write lock).
    /// </summary>
    Task<bool> AnyClaimableAsync(MarketplaceDbContext db, DateTimeOffset now, IReadOnlyCollection<Guid> except,
        CancellationToken cancellationToken);

    /// <summary>The oldest job but <paramref name="except"/> claimable at <paramref name="now"/>, or null.</summary>
    Task<Guid?> NextClaimableAsync(MarketplaceDbContext db, DateTimeOffset now, IReadOnlyCollection<Guid> except,
        CancellationToken cancellationToken);

    /// <summary>
    /// Takes the job for <paramref name="owner"/> until <paramref name="until"/>
    /// if it is still claimable; false when another won it.
    /// </summary>
    Task<bool> TakeAsync(MarketplaceDbContext db, Guid jobId, string owner, DateTimeOffset now, DateTimeOffset until,
        CancellationToken cancellationToken);

    /// <summary>
    /// Extends the lease to <paramref name="until"/> if <paramref name="lease"/> still holds the job in a state that allows
    /// <paramref name="use"/>.
    /// </summary>
    Task<bool> RenewAsync(MarketplaceDbContext db, Lease lease, LeaseUse use, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Clears the lease if <paramref name="lease"/> still holds it, leaving the job for any runner to claim.</summary>
    Task ReleaseAsync(MarketplaceDbContext db, Lease lease, CancellationToken cancellationToken);
}
