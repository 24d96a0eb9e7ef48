using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Marketplace.Data.Storage;

/// <summary>
/// Inserts rows of one entity type with one <c>INSERT … VALUES (…), (…)</c> statement on the context's connection
/// and transaction. Column names and parameter values come from EF's own model and type mappings (so value
/// converters, GUID and enum storage are exactly what EF would write), which keeps it provider-agnostic.
/// EF's SQLite provider sends one command per row, each prepared afresh; for the append-only rows of an import
/// batch that per-row cost was most of the lock hold (see bench/ and the README's Performance section).
/// Rows are not tracked; use it only for rows nothing in the unit reads back through the change tracker.
/// </summary>
public static class MultiRowInsert
{
    /// <summary>
    /// Parameters per statement. SQLite finds each named parameter by a linear search of the statement's names, so binding
    /// n of them costs n² (bench `scale`: a unit of 2 000 catalog entries, artifacts and collection rows took less than half
    /// the time in statements of about 500 parameters than of 4000); well under SQLite's 32 766 and PostgreSQL's 65 535.
    /// </summary>
    private const int MaxParameters = 500;

    public static async Task InsertAsync<T>(MarketplaceDbContext db, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var properties = entityType.GetProperties().Where(p => !IsStoreGenerated(p)).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)));
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({columns}) VALUES ";
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var chunk in rows.Chunk(Math.Max(1, MaxParameters / properties.Count)))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandTimeout = db.Database.GetCommandTimeout() ?? command.CommandTimeout;
            var text = new StringBuilder(head);
            for (var r = 0; r < chunk.Length; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < properties.Count; c++)
                {
                    var property = properties[c];
                    var name = string.Create(CultureInfo.InvariantCulture, $"@p{r}_{c}");
                    text.Append(c == 0 ? name : ", " + name);
                    command.Parameters.Add(Parameter(command, property, name, property.PropertyInfo!.GetValue(chunk[r])));
                }

                text.Append(')');
            }

            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>An integer key the database assigns; GUID keys are "generated on add" too, but by the client.</summary>
    private static bool IsStoreGenerated(IProperty property) =>
        property.ValueGenerated == ValueGenerated.OnAdd && property.IsPrimaryKey()
        && (property.ClrType == typeof(int) || property.ClrType == typeof(long));

    private static DbParameter Parameter(DbCommand command, IProperty property, string name, object? value) =>
        ((RelationalTypeMapping)property.GetRelationalTypeMapping()).CreateParameter(command, name, value, property.IsNullable);
}
