namespace Marketplace.Data.WriteUnits;

/// <summary>Shorthands for write units whose timings the caller does not need.</summary>
public static class WriteUnitRunnerExtensions
{
    /// <summary>An interactive unit with its timings.</summary>
    public static Task<WriteUnitResult<T>> ExecuteAsync<T>(
        this IWriteUnitRunner runner, Func<MarketplaceDbContext, CancellationToken, Task<T>> unit, CancellationToken cancellationToken) =>
        runner.ExecuteAsync(unit, WriteUnitPriority.Interactive, cancellationToken);

    public static async Task<T> RunAsync<T>(
        this IWriteUnitRunner runner, Func<MarketplaceDbContext, CancellationToken, Task<T>> unit, CancellationToken cancellationToken) =>
        (await runner.ExecuteAsync(unit, cancellationToken)).Value;

    public static Task RunAsync(
        this IWriteUnitRunner runner, Func<MarketplaceDbContext, CancellationToken, Task> unit, CancellationToken cancellationToken) =>
        runner.ExecuteAsync(async (db, ct) =>
        {
            await unit(db, ct);
            return true;
        }, cancellationToken);
}
