using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Marketplace.Data.Postgres;

/// <summary>
/// PostgreSQL keeps timestamps to the microsecond, .NET to the tenth of one. Before a save, every timestamp of an
/// added or changed entity is cut to what the server will store, so a response written from the entity (a created
/// source, say) equals what a later read returns — as it does on SQLite.
/// </summary>
internal sealed class PostgresTimestampPrecision : SaveChangesInterceptor
{
    public static readonly PostgresTimestampPrecision Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Truncate(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Truncate(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Truncate(DbContext? context)
    {
        foreach (var entry in context?.ChangeTracker.Entries() ?? [])
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is DateTimeOffset value && value.Ticks % TimeSpan.TicksPerMicrosecond != 0)
                {
                    property.CurrentValue = new DateTimeOffset(value.Ticks - (value.Ticks % TimeSpan.TicksPerMicrosecond), value.Offset);
                }
            }
        }
    }
}
