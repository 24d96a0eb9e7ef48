namespace Marketplace.Data.Jobs;

/// <summary>
/// A kind of leased job that runners run (<see cref="JobKinds"/>): it claims its next job through
/// <see cref="LeaseClaims"/> and hands back how to run it. The runner keeps a number of each kind running at once.
/// </summary>
public interface IJobKind
{
    /// <summary>The kind's name in logs and settings: one of <see cref="JobKinds"/>.</summary>
    string Name { get; }

    /// <summary>Claims the oldest claimable job of this kind but <paramref name="except"/> (those the caller runs already).</summary>
    Task<ClaimedJob?> ClaimNextAsync(string owner, IReadOnlyCollection<Guid> except, CancellationToken cancellationToken);
}
