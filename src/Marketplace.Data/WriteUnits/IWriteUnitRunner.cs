namespace Marketplace.Data.WriteUnits;

/// <summary>
/// The one way to write. A write unit runs a delegate on a fresh context inside a transaction, saves the
/// context's changes and commits. Busy/locked errors retry the whole unit with a new context; when the
/// budget runs out a <see cref="DatabaseBusyException"/> is thrown, never a silent return.
/// The delegate may run more than once, so it must not have side effects outside the context.
/// </summary>
public interface IWriteUnitRunner
{
    /// <summary>Runs <paramref name="unit"/> as one transaction and reports how long it waited and held the lock.</summary>
    Task<WriteUnitResult<T>> ExecuteAsync<T>(
        Func<MarketplaceDbContext, CancellationToken, Task<T>> unit, WriteUnitPriority priority, CancellationToken cancellationToken);
}
