using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Data.Sqlite;

/// <summary>Reads PRAGMA values on a context's connection.</summary>
internal static class SqlitePragmas
{
    public static async Task<string> ReadAsync(MarketplaceDbContext db, string pragma, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await ReadAsync(db.Database.GetDbConnection(), pragma, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static async Task<string> ReadAsync(DbConnection connection, string pragma, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = pragma.StartsWith("select", StringComparison.OrdinalIgnoreCase) ? pragma : "PRAGMA " + pragma;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
    }
}
