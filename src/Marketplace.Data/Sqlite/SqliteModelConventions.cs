using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Marketplace.Data.Sqlite;

/// <summary>Model conventions that only the SQLite provider needs.</summary>
internal static class SqliteModelConventions
{
    public static void Apply(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no timestamp type and EF cannot compare or order DateTimeOffset stored as text,
        // so instants are stored as UTC ticks: sortable, comparable, and exact.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}
