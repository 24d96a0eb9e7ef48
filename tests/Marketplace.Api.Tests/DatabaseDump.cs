using System.Text;
using Marketplace.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests;

/// <summary>Reads every mapped table whole through the host's own context factory (either provider), for assertions about what was stored.</summary>
internal static class DatabaseDump
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The tables (and columns) in which any text or blob value holds <paramref name="marker"/>.</summary>
    public static async Task<List<string>> WhereAsync(MarketplaceApiFactory factory, string marker)
    {
        var bytes = Encoding.UTF8.GetBytes(marker);
        var hits = new List<string>();
        await ForEachValueAsync(factory, (table, column, value) =>
        {
            var found = value switch
            {
                string s => s.Contains(marker, StringComparison.Ordinal),
                byte[] b => b.AsSpan().IndexOf(bytes) >= 0,
                string[] a => a.Any(s => s.Contains(marker, StringComparison.Ordinal)),
                _ => false,
            };
            if (found)
            {
                hits.Add($"{table}.{column}");
            }
        });
        return hits;
    }

    /// <summary>Every mapped table's row count.</summary>
    public static async Task<Dictionary<string, long>> CountRowsAsync(MarketplaceApiFactory factory)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<MarketplaceDbContext>>().CreateDbContextAsync(Ct);
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(Ct);
        var counts = new Dictionary<string, long>();
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct())
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM {sql.DelimitIdentifier(table)}";
            counts[table] = Convert.ToInt64(await count.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }

    private static async Task ForEachValueAsync(MarketplaceApiFactory factory, Action<string, string, object> visit)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<MarketplaceDbContext>>().CreateDbContextAsync(Ct);
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(Ct);
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct())
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM {sql.DelimitIdentifier(table)}";
            await using var reader = await select.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!await reader.IsDBNullAsync(i, Ct))
                    {
                        visit(table, reader.GetName(i), reader.GetValue(i));
                    }
                }
            }
        }
    }
}
