using Microsoft.Data.Sqlite;

namespace Marketplace.Data.Sqlite;

/// <summary>Turns the configured connection string into the one the pool uses.</summary>
internal static class SqliteConnectionStrings
{
    /// <summary>
    /// Resolves a relative data source under <paramref name="contentRoot"/>, creates its folder, and sets the
    /// command timeout. In-memory databases pass through unchanged apart from the timeout.
    /// </summary>
    public static string Resolve(string connectionString, string contentRoot, int commandTimeoutSeconds)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            DefaultTimeout = commandTimeoutSeconds,
            Pooling = true,
        };
        if (IsFile(builder))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }

        return builder.ToString();
    }

    public static bool IsFile(SqliteConnectionStringBuilder builder) =>
        builder.Mode != SqliteOpenMode.Memory
        && !string.IsNullOrEmpty(builder.DataSource)
        && builder.DataSource != ":memory:"
        && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}
