namespace Marketplace.Data;

/// <summary>A write unit could not get the write lock within its retry budget; nothing was written.</summary>
public sealed class DatabaseBusyException(int attempts, TimeSpan elapsed, Exception innerException)
    : Exception(
        $"The database stayed busy for {elapsed.TotalMilliseconds:F0} ms over {attempts} attempts; the write was not applied.",
        innerException)
{
    public int Attempts { get; } = attempts;
    public TimeSpan Elapsed { get; } = elapsed;
}
